import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { poll, signUpInBrowser } from './helpers/flows.js';

/**
 * Notifications reach the app live through the user's inbox document (no polling) and stay
 * readable offline, after a reload, from IndexedDB.
 */
let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let bob: Page;
let alice: TestUser;
const errors: string[] = [];
/** GET /notifications calls: the app must not need them (no polling). */
let restListCalls = 0;
const badge = () => bob.getByRole('link', { name: 'Notifications' }).locator('.badge');

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  bob = await openPage(browser, errors);
  bob.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/notifications') restListCalls++;
  });
  alice = await server.signUp('alice');
}, 90_000);

afterAll(() => app?.stop());

it('shows a notification live, keeps it offline across a reload, and clears it when read', async () => {
  await signUpInBrowser(bob, server, 'bob');
  expect((await callAs(server, 'POST', '/friends/requests', alice, { username: 'bob' })).status).toBe(201);
  // Live: the badge appears without any reload (the inbox document syncs it).
  await badge().filter({ hasText: '1' }).waitFor({ timeout: 10_000 });

  await bob.context().setOffline(true);
  await bob.reload();
  await bob.getByRole('link', { name: 'Notifications' }).click();
  await bob.getByTestId('notifications').getByText(/alice/).first().waitFor();
  await snap(bob, '30-notifications-offline');

  await bob.context().setOffline(false);
  await bob.evaluate(() => dispatchEvent(new Event('online')));
  await bob.getByRole('button', { name: 'Mark all read' }).click();
  await poll(() => bob.locator('.notifications li.unread').count()).toBe(0);
  await poll(() => badge().count()).toBe(0);
  expect(errors).toEqual([]);
  expect(restListCalls).toBe(0);
}, 120_000);
