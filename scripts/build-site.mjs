// Builds the site the server serves (target/site) from the WASM library cargo has just
// built: the same steps and outputs as cargo-leptos' front-end build, with tools that come
// from the package registries as binaries or in seconds (wasm-bindgen from crates.io,
// wasm-opt and esbuild from npm), so no machine has to compile cargo-leptos (~13 minutes)
// before it can build, test or benchmark the portal.
//
//   node scripts/build-site.mjs release   wasm-opt -Oz, minified JS and CSS, every file
//                                         also precompressed (.br at quality 11, .gz at 9)
//   node scripts/build-site.mjs debug     the client as built, for the browser tests, also
//                                         precompressed, fast (.br at quality 4, .gz at 1)
//
// The library's name and the site's layout come from Cargo.toml's [package.metadata.leptos],
// which the server reads too (leptos_config), so the two cannot disagree.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const profile = process.argv[2];
if (profile !== 'release' && profile !== 'debug') {
  console.error('usage: node scripts/build-site.mjs release|debug');
  process.exit(2);
}
const release = profile === 'release';

const leptosTable =
  fs.readFileSync('Cargo.toml', 'utf8').split(/^\[package\.metadata\.leptos\]$/m)[1]?.split(/^\[/m)[0] ?? '';

/** One `key = "value"` of Cargo.toml's [package.metadata.leptos] table. */
function leptosSetting(key) {
  const value = leptosTable.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
  if (value === undefined) throw new Error(`Cargo.toml: [package.metadata.leptos] has no ${key}`);
  return value;
}

const name = leptosSetting('output-name');
const siteRoot = leptosSetting('site-root');
const pkg = path.join(siteRoot, leptosSetting('site-pkg-dir'));
const cargoProfile = release ? leptosSetting('lib-profile-release') : 'debug';
const wasmIn = `target/front/wasm32-unknown-unknown/${cargoProfile}/${name}.wasm`;
const wasmOut = path.join(pkg, `${name}.wasm`);
const jsOut = path.join(pkg, `${name}.js`);
const cssOut = path.join(pkg, `${name}.css`);

function run(tool, args) {
  const started = Date.now();
  execFileSync(tool, args, { stdio: 'inherit' });
  console.log(`  ${tool} ${(Date.now() - started) / 1000} s`);
}

if (!fs.existsSync(wasmIn)) throw new Error(`${wasmIn} is missing: build the library for wasm32 first (make site)`);
fs.rmSync(siteRoot, { recursive: true, force: true });
fs.mkdirSync(pkg, { recursive: true });
fs.cpSync(leptosSetting('assets-dir'), siteRoot, { recursive: true });

// Leptos' hydration script loads `<name>.js` and `<name>.wasm` (not wasm-bindgen's `_bg`).
run('wasm-bindgen', ['--target=web', '--no-typescript', `--out-name=${name}`, `--out-dir=${pkg}`, wasmIn]);
fs.renameSync(path.join(pkg, `${name}_bg.wasm`), wasmOut);

const style = leptosSetting('style-file');
if (release) {
  run('wasm-opt', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', wasmOut, '-o', wasmOut]);
  run('esbuild', [jsOut, '--minify', '--allow-overwrite', `--outfile=${jsOut}`, '--log-level=warning']);
  run('esbuild', [style, '--minify', `--outfile=${cssOut}`, '--log-level=warning']);
} else {
  fs.copyFileSync(style, cssOut);
}

// Each built file is renamed after its content (`planning_portal.<hash>.wasm`), so the server
// can let browsers keep it for a year without asking again, and a new build is fetched at
// once because its names are new. The server learns the names from assets.json (the
// document's links and the Cache-Control rule both read it: src/server/document.rs).
const hashed = {};
for (const [kind, file] of [['js', jsOut], ['wasm', wasmOut], ['css', cssOut]]) {
  const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  const name = `${path.basename(file, path.extname(file))}.${hash}${path.extname(file)}`;
  fs.renameSync(file, path.join(pkg, name));
  hashed[kind] = name;
}
fs.writeFileSync(path.join(pkg, 'assets.json'), `${JSON.stringify(hashed, null, 2)}\n`);

/** Every file under `dir`, for precompression. */
function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? files(file) : [file];
  });
}

// The server sends these as they are (tower-http's precompressed files): compressing once
// at the highest levels here costs nothing per request. The debug client (some 24 MB of
// WASM) is precompressed too, at fast levels: compressed on the fly it took the server
// seconds for every fresh browser of the browser tests.
{
  for (const file of files(siteRoot).filter((file) => !/\.(br|gz)$/.test(file))) {
    const content = fs.readFileSync(file);
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: release ? 9 : 1 }));
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(content, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: release ? 11 : 4,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 22,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
    );
  }
}

for (const name of Object.values(hashed)) {
  const file = path.join(pkg, name);
  console.log(`  ${file}: ${(fs.statSync(file).size / 1024).toFixed(1)} KB`);
}
