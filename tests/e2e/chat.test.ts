import * as OTPAuth from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { messageTexts, poll, send, signUpInBrowser, syncState } from './helpers/flows.js';
import { atChats, atLoginScreen, submitLogin } from './helpers/login.js';

/**
 * The web client end to end: the built renderer served by a real server, driven in headless
 * Chromium by two people in two browser contexts (separate storage, like two machines).
 */

let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let alice: Page;
let bob: Page;
const errors: string[] = [];
let directUrl = '';
let groupUrl = '';

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  [alice, bob] = await Promise.all([openPage(browser, errors), openPage(browser, errors)]);
}, 90_000);

afterAll(() => app?.stop());

describe('web client', () => {
  it('serves the app at / and client routes, without shadowing the API', async () => {
    const page = await server.request('GET', '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const route = await server.request('GET', '/c/some-conversation', { headers: { accept: 'text/html' } });
    expect(String(route.body)).toContain('<div id="root">');
    expect((await server.request('GET', '/api/v1/nope', { headers: { accept: 'text/html' } })).body.error.code).toBe('not_found');
    expect((await server.request('GET', '/no-such-thing')).body.error.code).toBe('not_found');
  });

  it('registers, verifies with the mailed token and logs in, in two browsers', async () => {
    await Promise.all([signUpInBrowser(alice, server, 'alice', true), signUpInBrowser(bob, server, 'bob')]);
    await snap(alice, '04-empty-chats');
  });

  it('befriends: search, request, accept; both friends screens follow live, without a reload', async () => {
    // Bob has the screen open before the request exists: the inbox brings it.
    await bob.getByRole('link', { name: 'Friends' }).click();
    await bob.getByText('No friends yet').waitFor();
    expect(await bob.getByTestId('incoming-requests').count()).toBe(0);

    await alice.getByRole('link', { name: 'Friends' }).click();
    await alice.getByLabel('Find people').fill('bob');
    await alice.getByRole('button', { name: 'Search' }).click();
    await alice.getByTestId('search-results').getByRole('button', { name: 'Add friend' }).click();
    await alice.getByText('Waiting for an answer').waitFor();

    const incoming = bob.getByTestId('incoming-requests');
    await incoming.getByText('@alice').waitFor();
    await snap(bob, '05-friend-request');
    await incoming.getByRole('button', { name: 'Accept' }).click();
    await bob.getByTestId('friends').getByText('@alice').waitFor();
    // Alice's screen learns of the acceptance from her inbox.
    await alice.getByTestId('friends').getByText('@bob').waitFor();
    await poll(() => alice.getByText('Waiting for an answer').count()).toBe(0);
    await snap(alice, '06-friends');
  });

  it('opens a direct conversation and exchanges messages through sync', async () => {
    await alice.getByTestId('friends').getByRole('button', { name: 'Message' }).click();
    await alice.getByTestId('chat-title').getByText('bob').waitFor();
    await syncState(alice, 'online');
    directUrl = new URL(alice.url()).pathname;
    await send(alice, 'Hi Bob! Lunch today?');

    await bob.getByRole('link', { name: 'Chats' }).click();
    await bob.getByTestId('conversation-item').filter({ hasText: 'alice' }).click();
    await syncState(bob, 'online');
    await bob.getByTestId('message-text').filter({ hasText: 'Hi Bob! Lunch today?' }).waitFor();
    await send(bob, 'Sure, @alice, noon works');
    await alice.getByTestId('message-text').filter({ hasText: 'noon works' }).waitFor();
    expect(await messageTexts(alice)).toEqual(['Hi Bob! Lunch today?', 'Sure, @alice, noon works']);
  });

  it('replies, edits and deletes own messages, and the other side sees it', async () => {
    const own = alice.getByTestId('message').filter({ hasText: 'Hi Bob! Lunch today?' });
    await own.hover();
    await own.getByRole('button', { name: 'Edit' }).click();
    await alice.getByLabel('Message', { exact: true }).fill('Hi Bob! Lunch at noon?');
    await alice.getByLabel('Message', { exact: true }).press('Enter');
    await bob.getByTestId('message').filter({ hasText: 'Hi Bob! Lunch at noon?' }).getByText('edited').waitFor();

    const theirs = bob.getByTestId('message').filter({ hasText: 'Lunch at noon?' });
    await theirs.hover();
    await theirs.getByRole('button', { name: 'Reply' }).click();
    await send(bob, 'See you there');
    await alice.locator('.reply-quote').filter({ hasText: 'Lunch at noon?' }).waitFor();

    await send(alice, 'oops, wrong chat');
    const oops = alice.getByTestId('message').filter({ hasText: 'oops, wrong chat' });
    alice.once('dialog', (d) => void d.accept());
    await oops.hover();
    await oops.getByRole('button', { name: 'Delete' }).click();
    await bob.getByTestId('message-text').filter({ hasText: 'Message deleted' }).waitFor();
    expect(await messageTexts(bob)).not.toContain('oops, wrong chat');
    await snap(alice, '07-direct-chat');
  });

  it('creates a group and chats in it', async () => {
    await alice.getByRole('link', { name: 'New group' }).click();
    await alice.getByLabel('Group name').fill('Weekend trip');
    await alice.getByRole('checkbox').check();
    await alice.getByRole('button', { name: 'Create group' }).click();
    await alice.getByTestId('chat-title').getByText('Weekend trip').waitFor();
    groupUrl = new URL(alice.url()).pathname;
    await syncState(alice, 'online');
    await send(alice, 'Who brings the tent?');

    await bob.getByRole('link', { name: 'Chats' }).click();
    await bob.getByTestId('conversation-item').filter({ hasText: 'Weekend trip' }).click();
    await bob.getByTestId('message-text').filter({ hasText: 'Who brings the tent?' }).waitFor();
    await send(bob, 'I do');
    await alice.getByTestId('message-text').filter({ hasText: 'I do' }).waitFor();
    await alice.getByRole('button', { name: 'Group info' }).click();
    await alice.getByTestId('group-panel').getByText('Members · 2').waitFor();
    await snap(alice, '08-group-chat');
  });

  it('writes offline, survives a reload offline, and delivers in order once back online', async () => {
    await bob.goto(`${server.url}${directUrl}`);
    await syncState(bob, 'online');
    // The service worker must control the page before the network goes away, or the reload has nothing to load.
    await bob.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 }).catch(async () => {
      await bob.reload();
      await bob.waitForFunction(() => navigator.serviceWorker.controller !== null);
    });
    await syncState(bob, 'online');

    await bob.context().setOffline(true);
    await syncState(bob, 'offline');
    const offline = ['Offline one', 'Offline two', 'Offline three'];
    for (const text of offline) await send(bob, text);
    expect(await bob.locator('[data-testid="message"][data-pending]').count()).toBe(3);
    await snap(bob, '09-offline-pending');

    await bob.reload();
    await bob.getByTestId('offline-bar').waitFor();
    await bob.getByTestId('message-text').filter({ hasText: 'Offline three' }).waitFor();
    expect((await messageTexts(bob)).slice(-3)).toEqual(offline);
    expect(await bob.locator('[data-testid="message"][data-pending]').count()).toBe(3);
    await snap(bob, '10-offline-after-reload');

    // Nothing reached Alice while Bob was offline.
    await alice.goto(`${server.url}${directUrl}`);
    await syncState(alice, 'online');
    expect(await messageTexts(alice)).not.toContain('Offline one');

    await bob.context().setOffline(false);
    await syncState(bob, 'online');
    await poll(async () => (await messageTexts(alice)).slice(-3)).toEqual(offline);
    await poll(() => bob.locator('[data-testid="message"][data-pending]').count()).toBe(0);
  });

  it('stops syncing and says why when removed from a group (4403)', async () => {
    await bob.goto(`${server.url}${groupUrl}`);
    await syncState(bob, 'online');
    await alice.goto(`${server.url}${groupUrl}`);
    await alice.getByRole('button', { name: 'Group info' }).click();
    await alice.getByTestId('group-panel').getByRole('button', { name: 'Remove' }).click();
    await alice.getByTestId('group-panel').getByText('Members · 1').waitFor();
    await bob.getByTestId('sync-stopped').getByText('no longer a member').waitFor();
    await syncState(bob, 'stopped');
    expect(await messageTexts(bob)).toContain('Who brings the tent?');
    await snap(bob, '11-removed-from-group');
  });

  it('shows notifications', async () => {
    await bob.getByRole('link', { name: 'Notifications' }).click();
    const list = bob.getByTestId('notifications');
    await list.getByText('alice added you to Weekend trip').waitFor();
    await list.getByText('You were removed from Weekend trip').waitFor();
    await snap(bob, '12-notifications');
    await bob.getByRole('button', { name: 'Mark all read' }).click();
    await poll(() => bob.locator('.notifications li.unread').count()).toBe(0);
  });

  it('edits the profile and sets up MFA with a QR code; the next login asks for a code', async () => {
    await alice.getByRole('link', { name: 'Settings' }).first().click();
    await alice.getByLabel('Display name').fill('Alice Liddell');
    await alice.getByRole('button', { name: 'Save profile' }).click();
    await alice.getByText('Profile saved').waitFor();

    await alice.getByTestId('mfa').getByRole('button', { name: 'Set up' }).click();
    await alice.getByAltText('QR code for your authenticator app').waitFor();
    const secret = (await alice.locator('code.secret').textContent())!;
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await alice.getByTestId('mfa').getByLabel('Code').fill(totp.generate());
    await snap(alice, '13-mfa-setup');
    await alice.getByRole('button', { name: 'Turn on' }).click();
    const recovery = (await alice.locator('.recovery-codes code').allTextContents())[0]!;
    expect(recovery).toMatch(/\w+-\w+/);
    await alice.getByRole('button', { name: 'Done' }).click();

    await alice.getByRole('button', { name: 'Log out' }).click();
    await atLoginScreen(alice);
    // Logout wiped Alice's local copies of her conversations.
    const left = await alice.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('parley-doc-')));
    expect(left).toEqual([]);

    await submitLogin(alice, 'alice');
    await alice.getByRole('heading', { name: 'Two-factor code' }).waitFor();
    await alice.getByLabel('Code').fill(recovery);
    await alice.getByRole('button', { name: 'Log in' }).click();
    await atChats(alice);
    // The conversation comes back from the server into a fresh local copy.
    await alice.goto(`${server.url}${directUrl}`);
    await alice.getByTestId('message-text').filter({ hasText: 'Offline three' }).waitFor();
  });

  it('had no uncaught errors in either page', () => {
    expect(errors).toEqual([]);
  });
});
