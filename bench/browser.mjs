// What both browser benchmarks share: Debian's Chromium driven by playwright-core (from
// end2end/), and a cold browser context (empty cache), signed in as a demo user when asked.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const PASSWORD = 'planning-demo-2026';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A fresh context on `browser`, with a session of the demo user `email` when given. */
export async function coldContext(browser, base, email) {
  const context = await browser.newContext();
  if (email) {
    const response = await context.request.post(`${base}/api/sign_in`, { form: { email, password: PASSWORD } });
    if (!response.ok()) throw new Error(`sign in as ${email}: ${response.status()}`);
  }
  return context;
}
