// Time to interactive in headless Chromium: from navigation start until the WASM client
// has hydrated the page (the app sets <body data-hydrated>), with the navigation timings
// around it. Five cold loads per page (fresh browser context: empty cache), on loopback
// and on a throttled link (10 Mbit/s down, 40 ms round trip). Prints a Markdown table.
// Usage: node bench/tti.mjs http://127.0.0.1:3900 (Playwright gives the browser a fresh
// temporary profile).
import { coldContext, launchChromium } from './browser.mjs';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const RUNS = 5;

const pages = [
  { name: 'Sign-in page', path: '/sign-in' },
  { name: 'Voucher wizard', path: '/vouchers/new', signIn: 'benefit.admin@fabrikam.example' },
];
const links = [
  { name: 'loopback', conditions: null },
  {
    name: '10 Mbit/s, 40 ms RTT',
    conditions: { offline: false, latency: 40, downloadThroughput: (10e6 / 8), uploadThroughput: (5e6 / 8) },
  },
];

const browser = await launchChromium();

/** One cold load: the page's navigation timings and when it hydrated (ms from navigation start). */
async function load(page, link) {
  const context = await coldContext(browser, base, page.signIn);
  const tab = await context.newPage();
  await tab.addInitScript(() => {
    new MutationObserver(() => {
      if (document.body?.dataset.hydrated === 'true' && window.__hydratedAt === undefined) {
        window.__hydratedAt = performance.now();
      }
    }).observe(document, { attributes: true, subtree: true });
  });
  if (link.conditions) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', link.conditions);
  }
  await tab.goto(base + page.path);
  await tab.waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 });
  const timings = await tab.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation');
    return {
      firstByte: navigation.responseStart,
      domContentLoaded: navigation.domContentLoadedEventEnd,
      load: navigation.loadEventEnd,
      hydrated: window.__hydratedAt,
    };
  });
  if (!(await tab.locator('main').isVisible())) throw new Error(`${page.path}: no page rendered`);
  await context.close();
  return timings;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;

console.log('| page | link | first byte | DOM content loaded | load | interactive (hydrated) | slowest of 5 (hydrated) |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const link of links) {
  for (const page of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) runs.push(await load(page, link));
    const pick = (key) => median(runs.map((timing) => timing[key]));
    const slowest = Math.max(...runs.map((timing) => timing.hydrated));
    console.log(
      `| ${page.name} | ${link.name} | ${ms(pick('firstByte'))} | ${ms(pick('domContentLoaded'))} | ${ms(pick('load'))} | ${ms(pick('hydrated'))} | ${ms(slowest)} |`,
    );
  }
}
await browser.close();
