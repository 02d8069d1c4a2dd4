import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { directConversation } from './helpers/conversations.js';
import { poll, send, syncState } from './helpers/flows.js';
import { logInInBrowser } from './helpers/login.js';

/**
 * The chat view's marks, end to end in two browsers: delivery marks on own messages (sent,
 * delivered when the other device has the message, seen once it was on screen in front), native
 * notifications while the window is in the background, the "N new messages" divider with its jump
 * button, mentions with autocomplete and the typing indicator.
 */

let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let alice: Page;
let bob: Page;
let aliceUser: TestUser;
let bobUser: TestUser;
let chatUrl = '';
const errors: string[] = [];

/** Whether Bob's window counts as in the background; `document.hasFocus()` answers accordingly. */
async function setBackground(page: Page, background: boolean): Promise<void> {
  await page.evaluate((b) => {
    (window as unknown as { testBackground: boolean }).testBackground = b;
    if (!b) dispatchEvent(new Event('focus'));
  }, background);
}

/** The texts of the messages inside the visible part of the list, in order. */
const onScreen = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('[data-testid="messages"]')!.getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="message-text"]')]
      .filter((el) => el.getBoundingClientRect().top >= list.top - 1 && el.getBoundingClientRect().bottom <= list.bottom + 1)
      .map((el) => el.textContent);
  });

const mark = (page: Page, text: string) => page.getByTestId('message').filter({ hasText: text }).getByTestId('delivery');

beforeAll(async () => {
  app = await startE2eApp();
  ({ server, browser } = app);
  [aliceUser, bobUser] = await Promise.all([server.signUp('alice'), server.signUp('bob')]);
  await befriendUsers(server, aliceUser, bobUser);
  chatUrl = `${server.url}/c/${await directConversation(server, aliceUser, bobUser)}`;
  [alice, bob] = await Promise.all([openPage(browser, errors), openPage(browser, errors)]);
  // Bob's page: notifications allowed and recorded; the window's focus is the test's to set.
  await bob.context().grantPermissions(['notifications'], { origin: server.url });
  await bob.addInitScript(() => {
    const w = window as unknown as { testBackground: boolean; notices: Array<{ title: string; body?: string }> };
    w.testBackground = false;
    w.notices = [];
    const hasFocus = document.hasFocus.bind(document);
    document.hasFocus = () => !w.testBackground && hasFocus();
    const Native = window.Notification;
    class Recorded extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.notices.push({ title, body: options?.body });
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
  await Promise.all([logInInBrowser(alice, server, 'alice'), logInInBrowser(bob, server, 'bob')]);
}, 120_000);

afterAll(() => app?.stop());

describe('chat marks', () => {
  it('marks an own message sent until the other person has a device with it', async () => {
    await alice.goto(chatUrl);
    await syncState(alice, 'online');
    await send(alice, 'First from Alice');
    await poll(() => mark(alice, 'First from Alice').getAttribute('data-state')).toBe('sent');
    expect(await mark(alice, 'First from Alice').getAttribute('title')).toBe('Sent');
  });

  it('shows delivered once the message is on Bob\'s device, and notifies Bob while his window is in the background', async () => {
    await bob.goto(`${server.url}/`);
    await setBackground(bob, true);
    await bob.getByTestId('conversation-item').filter({ hasText: 'alice' }).click();
    await syncState(bob, 'online');
    await bob.getByTestId('message-text').filter({ hasText: 'First from Alice' }).waitFor();
    await poll(() => mark(alice, 'First from Alice').getAttribute('data-state')).toBe('delivered');
    // Nothing was read in the background: Bob's own divider still shows the message as new.
    await bob.getByTestId('unread-divider').getByText('1 new message').waitFor();

    await send(alice, 'Are you there?');
    await bob.getByTestId('message-text').filter({ hasText: 'Are you there?' }).waitFor();
    await poll(() => bob.evaluate(() => (window as unknown as { notices: unknown[] }).notices)).toEqual([{ title: 'alice', body: 'Are you there?' }]);
    await poll(() => mark(alice, 'Are you there?').getAttribute('data-state')).toBe('delivered');
    await snap(alice, '30-marks-delivered');
  });

  it('shows seen once Bob comes back to the window, and does not notify him then', async () => {
    await setBackground(bob, false);
    await poll(() => mark(alice, 'Are you there?').getAttribute('data-state')).toBe('read');
    expect(await mark(alice, 'First from Alice').getAttribute('data-state')).toBe('read');
    expect(await mark(alice, 'Are you there?').getAttribute('title')).toBe('Seen by bob');
    await send(alice, 'Great, you are here');
    // Bob was at the bottom, so the list followed the new message.
    await poll(async () => (await onScreen(bob)).at(-1)).toBe('Great, you are here');
    await poll(() => mark(alice, 'Great, you are here').getAttribute('data-state')).toBe('read');
    expect(await bob.evaluate(() => (window as unknown as { notices: unknown[] }).notices)).toHaveLength(1);
    await snap(alice, '31-marks-seen');
  });

  it('opens a conversation with unread messages at the newest, with a divider and a jump to the first unread', async () => {
    await bob.getByRole('link', { name: 'Friends' }).click();
    const conversationId = chatUrl.split('/c/')[1]!;
    for (let i = 1; i <= 30; i++) {
      const r = await callAs(server, 'POST', `/conversations/${conversationId}/messages`, aliceUser, { text: `Catch-up ${i}` });
      expect(r.status).toBe(201);
    }
    await bob.getByRole('link', { name: 'Chats' }).click();
    await bob.getByTestId('conversation-item').filter({ hasText: 'alice' }).click();
    await bob.getByTestId('message-text').filter({ hasText: 'Catch-up 30' }).waitFor();
    const jump = bob.getByTestId('jump-unread');
    await jump.getByText('30 new messages').waitFor();
    // The divider sits right before the first unread message, above the screen for now.
    expect(await bob.getByTestId('message-text').filter({ hasText: /^Catch-up 1$/ }).count()).toBe(0);
    await snap(bob, '32-unread-jump');

    await jump.click();
    await bob.getByTestId('unread-divider').getByText('30 new messages').waitFor();
    await bob.getByTestId('message-text').filter({ hasText: /^Catch-up 1$/ }).waitFor();
    const order = await bob.evaluate(() => {
      const divider = document.querySelector('[data-testid="unread-divider"]')!;
      const first = [...document.querySelectorAll('[data-testid="message-text"]')].find((el) => el.textContent === 'Catch-up 1')!;
      const previous = [...document.querySelectorAll('[data-testid="message-text"]')].find((el) => el.textContent === 'Great, you are here')!;
      const top = (el: Element) => el.getBoundingClientRect().top;
      return [top(previous) < top(divider), top(divider) < top(first)];
    });
    expect(order).toEqual([true, true]);
    await poll(() => jump.count()).toBe(0);
    await snap(bob, '33-unread-divider');
    // Bob saw the newest ones when the chat opened.
    await alice.getByTestId('message-text').filter({ hasText: 'Catch-up 30' }).waitFor();
    await poll(() => mark(alice, 'Catch-up 30').getAttribute('data-state')).toBe('read');

    // Reading older messages: a new one arrives below, Bob keeps his place and has not seen it yet.
    const before = await onScreen(bob);
    await callAs(server, 'POST', `/conversations/${conversationId}/messages`, aliceUser, { text: 'While you read' });
    await alice.getByTestId('message-text').filter({ hasText: 'While you read' }).waitFor();
    await poll(() => mark(alice, 'While you read').getAttribute('data-state')).toBe('delivered');
    expect(await onScreen(bob)).toEqual(before);
    await bob.getByRole('button', { name: 'Jump to the newest message' }).click();
    await poll(async () => (await onScreen(bob)).at(-1)).toBe('While you read');
    await poll(() => mark(alice, 'While you read').getAttribute('data-state')).toBe('read');
  });

  it('suggests members for @mentions, highlights them, and shows who is typing', async () => {
    const box = bob.getByLabel('Message', { exact: true });
    await box.pressSequentially('See you @al');
    await bob.getByRole('listbox').getByRole('option').filter({ hasText: '@alice' }).waitFor();
    await alice.getByText('bob is typing…').waitFor();
    await snap(bob, '34-mention-suggestions');
    await box.press('Tab');
    expect(await box.inputValue()).toBe('See you @alice ');
    await box.press('Enter');
    const mention = alice.getByTestId('message').filter({ hasText: 'See you @alice' }).locator('.mention');
    await poll(() => mention.textContent()).toBe('@alice');
    await poll(() => alice.getByText('bob is typing…').count()).toBe(0);
  });

  it('stops native pop-ups as soon as they are turned off in Settings, with no reload or wait', async () => {
    const notices = () => bob.evaluate(() => (window as unknown as { notices: Array<{ title: string; body?: string }> }).notices);
    const addBobToGroup = async (name: string) => expect((await callAs(server, 'POST', '/groups', aliceUser, { name, members: ['bob'] })).status).toBe(201);
    await bob.getByRole('link', { name: 'Settings' }).first().click();
    const popUps = bob.getByRole('switch', { name: 'Show desktop notifications' });
    await poll(() => popUps.isChecked()).toBe(true);
    await setBackground(bob, true);
    await addBobToGroup('Pop-ups on');
    await poll(async () => (await notices()).at(-1)).toEqual({ title: 'Parley', body: 'alice added you to Pop-ups on' });
    const before = (await notices()).length;

    // The switch follows the server's answer, so it flips once the change is stored.
    await popUps.click();
    await poll(() => popUps.isChecked()).toBe(false);
    await addBobToGroup('Pop-ups off');
    // The inbox has it (the badge counts it), but no pop-up came.
    await bob.getByRole('link', { name: 'Notifications' }).click();
    await bob.getByTestId('notifications').getByText('alice added you to Pop-ups off').waitFor();
    expect(await notices()).toHaveLength(before);
    await setBackground(bob, false);
  });

  it('had no uncaught errors in either page', () => {
    expect(errors).toEqual([]);
  });
});
