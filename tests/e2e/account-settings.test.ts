import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { poll } from './helpers/flows.js';
import { atLoginScreen, logInInBrowser, submitLogin } from './helpers/login.js';
import { directConversation } from './helpers/conversations.js';

/**
 * Account settings in the web client: sessions (revoke one, sign out everywhere else), password
 * change (other devices signed out, the new password works, the old one not), and profile pictures
 * that friends see in their conversation list and chat header.
 */

const NEW_PASSWORD = 'a much newer passphrase';
let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let carol: Page;
let carolLaptop: Page;
let dave: Page;
let carolApi: TestUser;
const errors: string[] = [];

async function newPage(): Promise<Page> {
  const page = await openPage(browser, errors, { viewport: { width: 1200, height: 900 } });
  page.setDefaultTimeout(10_000);
  // Confirmation dialogs ("Sign out on every other device?") are accepted.
  page.on('dialog', (d) => void d.accept());
  return page;
}

const openSettings = async (page: Page) => {
  await page.getByRole('link', { name: 'Settings' }).first().click();
  await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
};
/** A fresh access token through the API (sessions end in these tests). */
async function apiToken(username: string, password: string): Promise<string> {
  const login = await server.request('POST', '/api/v1/auth/login', { body: { login: username, password } });
  expect(login.status).toBe(200);
  return login.body.accessToken;
}
const sessionRows = (page: Page) => page.getByTestId('sessions').getByTestId('session');

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  carolApi = await server.signUp('carol');
  const daveApi = await server.signUp('dave');
  await befriendUsers(server, carolApi, daveApi);
  await directConversation(server, carolApi, daveApi);
  [carol, carolLaptop, dave] = [await newPage(), await newPage(), await newPage()];
  await Promise.all([logInInBrowser(carol, server, 'carol'), logInInBrowser(carolLaptop, server, 'carol'), logInInBrowser(dave, server, 'dave')]);
}, 120_000);

afterAll(() => app?.stop());

describe('account settings in the web client', () => {
  it('lists the sessions, this device first, and signs out another one', async () => {
    await openSettings(carol);
    // The API session from sign-up, and two browsers.
    await poll(() => sessionRows(carol).count()).toBe(3);
    const first = sessionRows(carol).first();
    expect(await first.getAttribute('data-current')).toBe('true');
    expect(await first.textContent()).toContain('This device');
    expect(await first.textContent()).toMatch(/Chrome on Linux/);
    const apiRow = sessionRows(carol).filter({ hasText: 'API client' });
    await carol.getByTestId('sessions').scrollIntoViewIfNeeded();
    await snap(carol, 'settings-01-sessions');

    await apiRow.getByRole('button', { name: /^Sign out/ }).click();
    await poll(() => sessionRows(carol).count()).toBe(2);
    const revoked = await callAs(server, 'GET', '/users/me', carolApi);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('session_revoked');
  });

  it('changes the password: a wrong current one is refused, the right one signs out the other devices', async () => {
    const form = carol.getByTestId('password');
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor();

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('Repeat the new password').fill('something else entirely');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();

    await form.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await carol.getByText('Your other devices were signed out').waitFor();
    expect(await form.getByLabel('Current password').inputValue()).toBe('');
    await poll(() => sessionRows(carol).count()).toBe(1);
    await carol.getByText('No other device is signed in.').waitFor();

    // The laptop's session ended: on its next start it is back at the login screen.
    await carolLaptop.reload();
    await atLoginScreen(carolLaptop);
  });

  it('logs in with the new password only', async () => {
    await submitLogin(carolLaptop, 'carol', PASSWORD);
    await carolLaptop.getByRole('alert').waitFor();
    expect(await carolLaptop.getByRole('heading', { name: 'Chats' }).count()).toBe(0);
    await logInInBrowser(carolLaptop, server, 'carol', NEW_PASSWORD);
  });

  it('signs out everywhere else at once', async () => {
    await carol.reload();
    await poll(() => sessionRows(carol).count()).toBe(2);
    await carol.getByRole('button', { name: 'Sign out everywhere else' }).click();
    await carol.getByText('No other device is signed in.').waitFor();
    await carolLaptop.reload();
    await atLoginScreen(carolLaptop);
    // This device carries on.
    await carol.reload();
    await carol.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await poll(() => sessionRows(carol).count()).toBe(1);
  });

  it("shows a friend's new profile picture in the conversation list and the chat header", async () => {
    const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: { r: 250, g: 120, b: 30 } } }).png().toBuffer();
    await openSettings(dave);
    const picker = dave.getByTestId('picture-picker');
    expect(await picker.locator('.avatar').getAttribute('data-avatar')).toBe('initials');
    await dave.getByLabel('Choose a profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await picker.locator('.avatar[data-avatar="image"]').waitFor();
    // The rail shows it too.
    await dave.locator('.rail-me .avatar[data-avatar="image"]').waitFor();
    await snap(dave, 'settings-02-profile-picture');

    await carol.getByRole('link', { name: 'Chats' }).click();
    await carol.reload();
    const item = carol.getByTestId('conversation-item').filter({ hasText: 'dave' });
    await item.locator('.avatar[data-avatar="image"] img').waitFor();
    await poll(() => item.locator('.avatar img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await item.click();
    await carol.locator('.chat-header .avatar[data-avatar="image"]').waitFor();
    await snap(carol, 'settings-03-friend-picture');
  });

  it('refuses a file that is not an image as a picture, and says so', async () => {
    await dave.getByLabel('Choose a profile picture').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    const error = dave.getByTestId('picture-picker').locator('..').getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/PNG|JPEG|image/i);
    // The picture stays as it was.
    expect(await dave.getByTestId('picture-picker').locator('.avatar').getAttribute('data-avatar')).toBe('image');
  });

  it("sets a group's picture from the group panel; members see it in their list", async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 20, g: 160, b: 90 } } }).png().toBuffer();
    const group = await callAs(server, 'POST', '/groups', { ...carolApi, accessToken: await apiToken('carol', NEW_PASSWORD) }, { name: 'Hikers', members: ['dave'] });
    expect(group.status).toBe(201);
    await carol.goto(`${server.url}/c/${group.body.id}`);
    await carol.getByRole('button', { name: 'Group info' }).click();
    const panel = carol.getByTestId('group-panel');
    await panel.getByLabel('Choose a group picture').setInputFiles({ name: 'group.png', mimeType: 'image/png', buffer: png });
    await panel.locator('.avatar[data-avatar="image"]').waitFor();
    await carol.getByTestId('chat').getByText('carol changed the group picture').waitFor();
    await snap(carol, 'settings-04-group-picture');

    await dave.getByRole('link', { name: 'Chats' }).click();
    await dave.reload();
    await dave.getByTestId('conversation-item').filter({ hasText: 'Hikers' }).locator('.avatar[data-avatar="image"]').waitFor();
  });

  it('removes the picture again, back to initials', async () => {
    await openSettings(dave);
    await dave.getByRole('button', { name: 'Remove profile picture' }).click();
    await dave.getByTestId('picture-picker').locator('.avatar[data-avatar="initials"]').waitFor();
    expect(await dave.getByRole('button', { name: 'Add a profile picture' }).count()).toBe(1);
  });

  it('asks to confirm a new email address through a mailed link', async () => {
    await openSettings(dave);
    const form = dave.getByTestId('email');
    await form.getByLabel('New email').fill('carol@example.com');
    await form.getByLabel('Password to confirm').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change email' }).click();
    await form.getByRole('alert').filter({ hasText: 'already registered' }).waitFor();
    await form.getByLabel('New email').fill('dave.new@example.com');
    await form.getByRole('button', { name: 'Change email' }).click();
    await form.getByRole('status').filter({ hasText: 'dave.new@example.com' }).waitFor();
    expect((await server.mails('dave.new@example.com')).length).toBe(1);
  });

  it('deactivates an account after the password and a confirmation; it cannot log in again', async () => {
    await server.signUp('erin');
    const erin = await newPage();
    await logInInBrowser(erin, server, 'erin');
    await openSettings(erin);
    const section = erin.getByTestId('deactivate');
    await section.getByRole('button', { name: 'Deactivate account…' }).click();
    await section.getByLabel('Your password').fill('wrong password');
    await section.getByRole('button', { name: 'Deactivate my account' }).click();
    await section.getByRole('alert').filter({ hasText: 'Wrong password' }).waitFor();
    await section.getByLabel('Your password').fill(PASSWORD);
    await snap(erin, 'settings-05-deactivate');
    await section.getByRole('button', { name: 'Deactivate my account' }).click();
    await atLoginScreen(erin);
    const again = await server.request('POST', '/api/v1/auth/login', { body: { login: 'erin', password: PASSWORD } });
    expect(again.status).not.toBe(200);
  });

  it('had no uncaught errors in any page', () => {
    expect(errors).toEqual([]);
  });
});
