import type { FullConfig } from '@playwright/test';
import { startSmtpSink } from './smtp-sink';

// `make test-e2e` starts the servers and then the tests: start the SMTP sink the servers
// deliver to, then wait until each server the projects use answers. Returns the teardown.
export default async function globalSetup(config: FullConfig) {
  const stopSmtpSink = await startSmtpSink();
  const servers = new Set(config.projects.map((project) => project.use.baseURL ?? 'http://127.0.0.1:3000'));
  for (const baseURL of servers) {
    const failure = await waitForServer(baseURL);
    if (failure) {
      await stopSmtpSink();
      throw new Error(`the portal did not come up at ${baseURL}: ${failure}`);
    }
  }
  return stopSmtpSink;
}

/** Waits until `baseURL` answers its health check; the last error if it never does. */
async function waitForServer(baseURL: string): Promise<unknown> {
  const deadline = Date.now() + 180_000;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) return null;
      lastError = new Error(`healthz answered ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return lastError ?? new Error('no answer');
}
