import type { CDPSession, Page } from 'playwright-core';
import { PASSWORD, type TestServer } from '../../helpers/server.js';

/** Waits for the login screen (after a start without a session, a logout, or an ended session). */
export async function atLoginScreen(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
}

/** Fills in and sends the login form the page shows; what follows (chats, an error, a code) is the caller's to wait for. */
export async function submitLogin(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Waits for the signed-in app's first screen. */
export async function atChats(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Chats' }).waitFor();
}

/** Through the login screen, for a user registered through the API. */
export async function logInInBrowser(page: Page, server: TestServer, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${server.url}/`);
  await atLoginScreen(page);
  await submitLogin(page, username, password);
  await atChats(page);
}

const sessions = new WeakMap<Page, CDPSession>();

/** Slows this page's uploads (Chromium network emulation), so progress can be watched; null lifts the limit. */
export async function throttleUploads(page: Page, bytesPerSecond: number | null): Promise<void> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    sessions.set(page, cdp);
  }
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond ?? -1 });
  if (bytesPerSecond === null) {
    // Let go, so Playwright's own emulation (context.setOffline) is the only one left.
    await cdp.detach();
    sessions.delete(page);
  }
}
