import type { FullConfig } from '@playwright/test';
import { startSmtpSink } from './smtp-sink';

// `make test-e2e` starts the server and then the tests: start the SMTP sink the server
// delivers to, then wait until the server answers. Returns the teardown.
export default async function globalSetup(config: FullConfig) {
  const stopSmtpSink = await startSmtpSink();
  const baseURL = config.projects[0].use.baseURL ?? 'http://127.0.0.1:3000';
  const deadline = Date.now() + 180_000;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) return stopSmtpSink;
      lastError = new Error(`healthz answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stopSmtpSink();
  throw new Error(`the portal did not come up at ${baseURL}: ${lastError}`);
}
