// Client weight: what a browser downloads on the first load of a page until the WASM client
// has hydrated it (the HTML and every JS, WASM and CSS file headless Chromium fetched, any
// loaded lazily included), raw, gzip (level 9) and brotli (quality 11), per asset and in
// total, beside what the server actually sends. Prints a Markdown table. Usage: node bench/client-weight.mjs http://127.0.0.1:3000
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { request } from 'node:http';
import { coldContext, launchChromium } from './browser.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const TARGET_BROTLI = 300 * 1024;

const browser = await launchChromium();

/** The same-origin paths a cold browser fetches for `path` until the page is hydrated. */
async function fetchedUntilHydrated(path, email) {
  const context = await coldContext(browser, base, email);
  const session = (await context.cookies()).find((stored) => stored.name === 'ps_session');
  const cookie = session && `${session.name}=${session.value}`;
  const tab = await context.newPage();
  const fetched = [];
  tab.on('requestfinished', (finished) => {
    const url = new URL(finished.url());
    if (url.origin === new URL(base).origin && /\.(js|wasm|css)$/.test(url.pathname)) fetched.push(url.pathname);
  });
  await tab.goto(base + path);
  await tab.waitForFunction(() => document.body?.dataset.hydrated === 'true', null, { timeout: 60_000 });
  await tab.waitForLoadState('networkidle');
  await context.close();
  return { assets: [...new Set(fetched)], cookie };
}

async function bytes(path, cookie) {
  const response = await fetch(new URL(path, base), { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The bytes the server actually sends a browser that accepts brotli and gzip. */
function served(path, cookie) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const headers = { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) };
    request(url, { headers }, (response) => {
      let length = 0;
      response.on('data', (chunk) => (length += chunk.length));
      response.on('end', () => resolve({ length, encoding: response.headers['content-encoding'] ?? 'none' }));
    }).on('error', reject).end();
  });
}

const sizes = (buffer) => ({
  raw: buffer.length,
  gzip: gzipSync(buffer, { level: 9 }).length,
  brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

async function page(name, path, email) {
  const { assets, cookie } = await fetchedUntilHydrated(path, email);
  const html = await bytes(path, cookie);
  const rows = [{ asset: `${path} (HTML)`, ...sizes(html), served: await served(path, cookie) }];
  for (const asset of assets) rows.push({ asset, ...sizes(await bytes(asset, cookie)), served: await served(asset, cookie) });
  const total = rows.reduce(
    (sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip, brotli: sum.brotli + row.brotli, served: sum.served + row.served.length }),
    { raw: 0, gzip: 0, brotli: 0, served: 0 },
  );
  return { name, rows, total };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pages = [
  await page('Sign-in page', '/sign-in'),
  await page('Voucher wizard', '/vouchers/new', 'benefit.admin@fabrikam.example'),
];
await browser.close();
console.log('| page | asset | raw | gzip -9 | brotli -11 | served (encoding) |');
console.log('|---|---|---:|---:|---:|---:|');
for (const { name, rows, total } of pages) {
  for (const row of rows) {
    console.log(`| ${name} | \`${row.asset}\` | ${kb(row.raw)} | ${kb(row.gzip)} | ${kb(row.brotli)} | ${kb(row.served.length)} (${row.served.encoding}) |`);
  }
  const verdict = total.served <= TARGET_BROTLI ? 'meets' : 'misses';
  console.log(`| **${name}** | **first load, total** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** | **${kb(total.served)}** (${verdict} the 300 KB target) |`);
}
