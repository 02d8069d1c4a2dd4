import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { atChats, logInInBrowser } from './helpers/login.js';
import { poll } from './helpers/flows.js';
import { directConversation } from './helpers/conversations.js';

/**
 * The admin section end to end: an admin (granted through the store, as the CLI does) finds a
 * conversation and reads it as stored; its members see that in their chat; a non-admin has no
 * admin navigation at all.
 */

let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let root: TestUser;
let alice: TestUser;
let bob: TestUser;
let conversationId = '';
const errors: string[] = [];

async function logIn(user: TestUser): Promise<Page> {
  const page = await openPage(browser, errors);
  await logInInBrowser(page, server, user.username);
  return page;
}

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  [root, alice, bob] = [await server.signUp('root'), await server.signUp('alice'), await server.signUp('bob')];
  server.accounts.users.setAdmin(root.id, true);
  await befriendUsers(server, alice, bob);
  conversationId = await directConversation(server, alice, bob);
  const path = `/conversations/${conversationId}/messages`;
  const first = (await callAs(server, 'POST', path, alice, { text: 'Lunch at noon?' })).body.message;
  await callAs(server, 'POST', path, bob, { text: 'Sure, see you there', replyTo: first.id });
  const oops = (await callAs(server, 'POST', path, alice, { text: 'wrong chat, sorry' })).body.message;
  await callAs(server, 'DELETE', `${path}/${oops.id}`, alice);
}, 120_000);

afterAll(() => app?.stop());

describe('admin section', () => {
  it('lets an admin open a conversation and read its decoded messages', async () => {
    const page = await logIn(root);
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Admin' }).waitFor();
    const row = page.getByTestId('admin-conversation').filter({ hasText: 'alice & bob' });
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('3');
    await snap(page, '20-admin-conversations');

    await row.getByRole('link', { name: 'alice & bob' }).click();
    await page.getByTestId('admin-conversation-title').getByText('alice & bob').waitFor();
    const texts = page.getByTestId('admin-message-text');
    await texts.first().waitFor();
    expect(await texts.allTextContents()).toEqual(['Lunch at noon?', 'Sure, see you there', 'Message deleted']);
    // The stored text of a deleted message is still in the document, and the admin sees that.
    await page.getByText('Stored text').filter({ hasText: 'wrong chat, sorry' }).waitFor();
    await page.locator('[data-system="conversation.admin_read"]').waitFor();
    await snap(page, '21-admin-conversation');

    await page.getByRole('tab', { name: 'Update history' }).click();
    await page.getByTestId('admin-updates').getByText('No snapshot yet').waitFor();
    await page.getByRole('tab', { name: 'Messages' }).click();
    await page.getByRole('button', { name: 'Compact now' }).click();
    await page.getByText(/Folded \d+ update\(s\) into the snapshot/).waitFor();
    await poll(() => page.getByTestId('admin-pending-updates').textContent()).toBe('0');

    await page.getByRole('link', { name: '← Admin' }).click();
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Find users').fill('bob');
    await page.getByRole('button', { name: 'Search' }).click();
    const bobRow = page.getByTestId('admin-users').locator('tr[data-username="bob"]');
    await bobRow.waitFor();
    await poll(() => page.getByTestId('admin-users').locator('tbody tr').count()).toBe(1);
    page.on('dialog', (d) => void d.accept());
    await bobRow.getByRole('button', { name: 'Deactivate' }).click();
    await bobRow.getByText('deactivated').waitFor();
    expect((await callAs(server, 'GET', '/users/me', bob)).status).toBe(401);
    await bobRow.getByRole('button', { name: 'Reactivate' }).click();
    await bobRow.getByRole('button', { name: 'Deactivate' }).waitFor();
    await snap(page, '23-admin-users');
  });

  it('shows the members that an admin read their conversation, and gives non-admins no admin section', async () => {
    const page = await logIn(alice);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.getByTestId('conversation-item').filter({ hasText: 'bob' }).click();
    const notice = page.locator('[data-system="conversation.admin_read"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('An admin (root) viewed the messages');
    await snap(page, '22-admin-read-notice');

    // Typing the address does not open it either (and the server would answer 403 anyway).
    await page.goto(`${server.url}/admin`);
    await atChats(page);
    expect(await page.getByRole('heading', { name: 'Admin' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
