import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { inboxRoom } from '../../shared/doc/inbox.js';
import type { TestServer, TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced } from '../helpers/sync.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { directConversation } from './helpers/conversations.js';
import { poll } from './helpers/flows.js';
import { logInInBrowser } from './helpers/login.js';

/**
 * The chats screen follows the server without polling or reloading: new conversations, new
 * messages in conversations that are not open and friends coming online show up on their own,
 * brought by the signals in the user's inbox. So do blocks made on another device, on the friends
 * screen.
 */
let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let page: Page;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let aliceOnline: WebsocketProvider | null = null;
const errors: string[] = [];
const list = () => page.getByTestId('conversation-item');
const onlineFriends = () => page.getByRole('region', { name: 'Online friends' });
/** A page's "Blocked" card (absent while nobody is blocked). */
const blockedCard = (p: Page) => p.locator('section').filter({ has: p.getByRole('heading', { name: 'Blocked' }) });

/** Opens the friends screen and waits for its blocks to have loaded, so a later change can only come live. */
async function openFriends(p: Page): Promise<void> {
  const blocksLoaded = p.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/blocks' && r.ok());
  await p.getByRole('link', { name: 'Friends' }).click();
  await p.getByRole('heading', { name: 'Friends', exact: true }).waitFor();
  await blocksLoaded;
}

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  page = await openPage(browser, errors);
  [alice, bob, carol] = [await server.signUp('alice'), await server.signUp('bob'), await server.signUp('carol')];
  await befriendUsers(server, alice, bob);
  await befriendUsers(server, carol, bob);
  await befriendUsers(server, carol, alice);
  await logInInBrowser(page, server, 'bob');
}, 90_000);

// A failed test must not leave alice online for the next one.
afterEach(() => {
  aliceOnline?.destroy();
  aliceOnline = null;
});

afterAll(async () => {
  await app?.stop();
});

it('shows a friend coming online and going offline', async () => {
  // Offline to begin with (asked of the server: the page's list may not have loaded yet).
  const friendsOfBob = (await callAs(server, 'GET', '/friends', bob)).body.items as Array<{ user: { id: string }; online: boolean }>;
  expect(friendsOfBob.find((f) => f.user.id === alice.id)?.online).toBe(false);
  aliceOnline = connectAs(server, inboxRoom(alice.id), alice);
  await synced(aliceOnline);
  await onlineFriends().getByText('alice').waitFor();
  aliceOnline.destroy();
  aliceOnline = null;
  await onlineFriends().waitFor({ state: 'detached' });
}, 60_000);

it('shows a friend coming online and going offline on the friends screen too', async () => {
  await page.getByRole('link', { name: 'Friends' }).click();
  const aliceRow = page.getByTestId('friends').getByRole('listitem').filter({ hasText: '@alice' });
  await aliceRow.locator('.presence.off').waitFor();
  // A friend's presence changes the friend list alone: requests and blocks are not fetched again.
  const refetched: string[] = [];
  const watch = (r: { url(): string }) => refetched.push(new URL(r.url()).pathname);
  page.on('request', watch);
  aliceOnline = connectAs(server, inboxRoom(alice.id), alice);
  await synced(aliceOnline);
  await aliceRow.locator('.presence.on').waitFor();
  aliceOnline.destroy();
  aliceOnline = null;
  await aliceRow.locator('.presence.off').waitFor();
  page.off('request', watch);
  expect(refetched.filter((path) => path.startsWith('/api/v1/friends/requests') || path === '/api/v1/blocks')).toEqual([]);
  expect(refetched).toContain('/api/v1/friends');
  await page.getByRole('link', { name: 'Chats' }).click();
}, 60_000);

it('lists a group another user created, and a new message in a conversation that is not open', async () => {
  const direct = await directConversation(server, alice, bob);
  await list().filter({ hasText: 'alice' }).waitFor();

  const group = await callAs(server, 'POST', '/groups', carol, { name: 'Weekend plans', members: ['bob', 'alice'] });
  expect(group.status).toBe(201);
  const groupItem = list().filter({ hasText: 'Weekend plans' });
  await groupItem.waitFor();
  await groupItem.click();
  await page.getByRole('heading', { name: 'Weekend plans' }).waitFor();

  // The direct conversation is not the open one: its row shows the message and an unread count.
  expect((await callAs(server, 'POST', `/conversations/${direct}/messages`, alice, { text: 'Lunch at noon?' })).status).toBe(201);
  const directItem = list().filter({ hasText: 'Lunch at noon?' });
  await directItem.getByLabel('1 unread').waitFor();
  await snap(page, '40-live-list');
  await poll(() => list().count()).toBe(2);
  expect(errors).toEqual([]);
}, 60_000);

it("shows a block made on bob's other devices, and its removal, on the friends screen without reloading", async () => {
  const dave = await server.signUp('dave');
  const laptop = await openPage(browser, errors);
  await logInInBrowser(laptop, server, 'bob');
  await openFriends(laptop);
  await openFriends(page);
  expect(await blockedCard(page).count()).toBe(0);

  // Blocked on the laptop, through its UI.
  await laptop.getByLabel('Find people').fill('dave');
  await laptop.getByRole('button', { name: 'Search' }).click();
  laptop.once('dialog', (dialog) => void dialog.accept());
  await laptop.getByTestId('search-results').getByTestId('person').filter({ hasText: '@dave' }).getByRole('button', { name: 'Block' }).click();
  await blockedCard(laptop).getByText('@dave').waitFor();
  // This page did nothing: only the inbox's friends signal can bring the block here.
  await blockedCard(page).getByText('@dave').waitFor();

  // Unblocked through the API, bob's third "device".
  expect((await callAs(server, 'DELETE', `/users/${dave.id}/block`, bob)).status).toBe(204);
  await blockedCard(page).waitFor({ state: 'detached' });
  expect(errors).toEqual([]);
}, 60_000);

it('shows what changed between the chats screen loading and the inbox syncing: a friend come online, a new group', async () => {
  // Another device of bob's, whose inbox socket reaches the server only when the test lets it (a
  // slow network): its screens load first, and what changes meanwhile is signalled to nobody.
  const desk = await openPage(browser, errors);
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await desk.routeWebSocket(/\/sync\/inbox\//, async (ws) => {
    await released;
    ws.connectToServer();
  });
  const friendsLoaded = desk.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/friends' && r.ok());
  await logInInBrowser(desk, server, 'bob');
  await friendsLoaded;
  const deskOnline = desk.getByRole('region', { name: 'Online friends' });
  expect(await deskOnline.count()).toBe(0);

  aliceOnline = connectAs(server, inboxRoom(alice.id), alice);
  await synced(aliceOnline);
  expect((await callAs(server, 'POST', '/groups', carol, { name: 'Held back', members: ['bob'] })).status).toBe(201);
  release();
  await deskOnline.getByText('alice').waitFor();
  await desk.getByTestId('conversation-item').filter({ hasText: 'Held back' }).waitFor();
  await desk.context().close();
  expect(errors).toEqual([]);
}, 60_000);
