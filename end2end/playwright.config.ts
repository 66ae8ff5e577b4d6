import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser: this machine only reaches package registries.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const ENFORCED_URL = process.env.ENFORCED_PORTAL_URL ?? 'http://127.0.0.1:3001';

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One server, one database: flows run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  outputDir: './test-results',
  // The accessibility pass runs after the flows, so every list it visits has rows.
  projects: [
    { name: 'flows', testIgnore: [/a11y\.spec\.ts/, /enforced\//] },
    // The second server, as production runs: second factors enforced (see the Makefile).
    { name: 'enforced', testMatch: /enforced\/.*\.spec\.ts/, use: { baseURL: ENFORCED_URL } },
    { name: 'a11y', testMatch: /a11y\.spec\.ts/, dependencies: ['flows'] },
  ],
  use: {
    baseURL: process.env.PORTAL_URL ?? 'http://127.0.0.1:3000',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
