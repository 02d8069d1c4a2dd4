import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { inboxRoom } from '../../shared/doc/inbox.js';
import type { TestServer, TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced } from '../helpers/sync.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage } from './helpers/browser.js';
import { directConversation } from './helpers/conversations.js';
import { logInInBrowser } from './helpers/login.js';

/**
 * The screens load their lists as they open, which can be well before the inbox's socket has
 * synced (a slow network, a busy machine). A change made in between is signalled to nobody: the
 * app must still show it once its inbox syncs.
 */
let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let page: Page;
let alice: TestUser;
let bob: TestUser;
let aliceOnline: WebsocketProvider | null = null;
const errors: string[] = [];
let releaseInbox: () => void = () => undefined;

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  page = await openPage(browser, errors);
  [alice, bob] = [await server.signUp('alice'), await server.signUp('bob')];
  await befriendUsers(server, alice, bob);
  // bob's inbox socket reaches the server only when the test lets it (a real socket, held back).
  const released = new Promise<void>((resolve) => (releaseInbox = resolve));
  await page.routeWebSocket(/\/sync\/inbox\//, async (ws) => {
    await released;
    ws.connectToServer();
  });
}, 90_000);

afterAll(async () => {
  releaseInbox();
  aliceOnline?.destroy();
  await app?.stop();
});

it('shows a friend who came online, and a conversation started, between the chats screen loading and the inbox syncing', async () => {
  const friendsLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/friends' && r.ok());
  await logInInBrowser(page, server, 'bob');
  // The chats screen has asked for bob's friends; alice was offline then.
  await friendsLoaded;
  expect(await page.getByRole('region', { name: 'Online friends' }).count()).toBe(0);
  expect(await page.getByTestId('conversation-item').count()).toBe(0);

  aliceOnline = connectAs(server, inboxRoom(alice.id), alice);
  await synced(aliceOnline);
  const friends = (await callAs(server, 'GET', '/friends', bob)).body.items as Array<{ user: { id: string }; online: boolean }>;
  expect(friends.find((f) => f.user.id === alice.id)?.online).toBe(true);
  await directConversation(server, alice, bob);

  releaseInbox();
  await page.getByRole('region', { name: 'Online friends' }).getByText('alice').waitFor();
  await page.getByTestId('conversation-item').filter({ hasText: 'alice' }).waitFor();
  expect(errors).toEqual([]);
}, 60_000);
