import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The portal's languages, as the tests drive them. */
export type Lang = 'en' | 'es';

const namespaces = new Map<string, Record<string, unknown>>();

function namespace(lang: Lang, name: string): Record<string, unknown> {
  const file = `${lang}/${name}`;
  if (!namespaces.has(file)) {
    // The same translation files the portal is built from (the tests run in end2end/).
    const text = readFileSync(resolve(process.cwd(), '..', 'locales', lang, `${name}.json`), 'utf8');
    namespaces.set(file, JSON.parse(text));
  }
  return namespaces.get(file)!;
}

/** The text the portal shows for `key` ("claims.approve") in `lang`, with `{{ vars }}` filled in. */
export function t(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const [name, ...path] = key.split('.');
  let value: unknown = namespace(lang, name);
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value !== 'string') throw new Error(`no translation ${key} in ${lang}`);
  return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, variable: string) => {
    if (!(variable in vars)) throw new Error(`${key} needs {{ ${variable} }}`);
    return String(vars[variable]);
  });
}

/** `3 days` / `3 días`, as `locale::format::days` writes them. */
export function days(lang: Lang, count: number): string {
  const noun = { en: ['day', 'days'], es: ['día', 'días'] }[lang];
  return `${count} ${count === 1 ? noun[0] : noun[1]}`;
}
