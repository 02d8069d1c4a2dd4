import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { freePort, launchChromium } from './browser.js';
import { buildRenderer } from './renderer-build.js';

export interface E2eOptions {
  /** Environment for the server's config (PORT is set here). */
  env?: Record<string, string>;
}

export interface E2eApp {
  server: TestServer;
  browser: Browser;
  /** Closes the browser, then stops the server. */
  stop(): Promise<void>;
}

/**
 * What every e2e file needs first: the built renderer, a real server serving it and a headless
 * Chromium. Pages are the file's own to open (see openPage).
 */
export async function startE2eApp(options: E2eOptions = {}): Promise<E2eApp> {
  await buildRenderer();
  // A fixed port up front, not port 0: the server's public URL (and so the sync Origin allowlist)
  // is fixed at start and must be the page's origin.
  const port = await freePort();
  const [started, launched] = await Promise.allSettled([
    startTestServer({}, { ...options.env, PORT: String(port) }),
    launchChromium(),
  ]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    // Do not leave the half that did start running.
    if (launched.status === 'fulfilled') await launched.value.close();
    if (started.status === 'fulfilled') await started.value.stop();
    throw [started, launched].find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
  }
  const server = started.value;
  const browser = launched.value;
  return {
    server,
    browser,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}
