import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer, TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, SCREENSHOTS, snap } from './helpers/browser.js';
import { directConversation, storeDocInBrowser, writeHistory } from './helpers/conversations.js';
import { poll } from './helpers/flows.js';
import { logInInBrowser } from './helpers/login.js';

/**
 * A 100,000-message conversation: the history is written through the sync server and kept in the
 * browser's IndexedDB as y-indexeddb keeps it; the test then opens the conversation and measures
 * the time from navigation to the newest message being on screen (printed and written to
 * tests/e2e/screenshots/large-conversation.json; the target is 1 s, not asserted). It asserts what
 * must hold whatever the speed: the newest message shows, the DOM stays small, scrolling reaches
 * the middle and the very first message, and new messages are followed at the bottom.
 */

const COUNT = 100_000;
const text = (i: number) => (i === COUNT - 1 ? `The newest message, number ${i}` : `History message ${i}`);

let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let page: Page;
let alice: TestUser;
let bob: TestUser;
let conversationId = '';
let update: Uint8Array;
const errors: string[] = [];

beforeAll(async () => {
  // Writing 100,000 messages quickly needs more than one person's sync rate allowance.
  app = await startE2eApp({ env: { SYNC_RATE_MESSAGES: '1000000', SYNC_RATE_BYTES: '1000000000' } });
  ({ server, browser } = app);
  [alice, bob] = await Promise.all([server.signUp('alice'), server.signUp('bob')]);
  await befriendUsers(server, alice, bob);
  conversationId = await directConversation(server, alice, bob);
  update = await writeHistory(server, conversationId, bob, COUNT, text);
  // The seed reaches the page through a routed URL, which a service worker would bypass.
  page = await openPage(browser, errors, { serviceWorkers: 'block' });
}, 600_000);

afterAll(() => app?.stop());

/** Number of message rows in the DOM and of elements overall. */
const domSize = () => page.evaluate(() => ({ rows: document.querySelectorAll('[data-testid="message"]').length, elements: document.getElementsByTagName('*').length }));

/** True when a message with exactly `wanted` as its text lies inside the visible part of the list (see the init script). */
const onScreen = (wanted: string) => page.evaluate((wanted) => (window as unknown as TestWindow).testOnScreen(wanted), wanted);

interface TestWindow {
  testOnScreen(wanted: string): boolean;
  firstRenderMs?: number;
}

describe('a 100,000-message conversation', () => {
  it('opens from IndexedDB with the newest message on screen, and reports how long that took', async () => {
    await logInInBrowser(page, server, alice.username);
    await storeDocInBrowser(page, `parley-doc-${alice.id}-${conversationId}`, update);

    // From navigation start (performance.now() = 0) to the first frame with the newest message on screen.
    await page.addInitScript((wanted: string) => {
      const w = window as unknown as TestWindow;
      w.testOnScreen = (text) => {
        const list = document.querySelector('[data-testid="messages"]')?.getBoundingClientRect();
        return [...document.querySelectorAll('[data-testid="message-text"]')].some((el) => {
          const r = el.getBoundingClientRect();
          return el.textContent === text && !!list && r.top >= list.top - 1 && r.bottom <= list.bottom + 1;
        });
      };
      const check = () => {
        if (w.testOnScreen(wanted)) w.firstRenderMs = performance.now();
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }, text(COUNT - 1));
    await page.goto(`${server.url}/c/${conversationId}`);
    await page.waitForFunction(() => (window as unknown as TestWindow).firstRenderMs !== undefined, undefined, { timeout: 60_000 });
    const firstRenderMs = Math.round(await page.evaluate(() => (window as unknown as TestWindow).firstRenderMs!));
    // The machine's load says how much of the figure is the app: these machines are shared.
    const machine = { cores: availableParallelism(), loadAverage1m: Number(loadavg()[0]!.toFixed(2)) };
    const figure = { messages: COUNT, firstRenderMs, targetMs: 1000, machine, measuredAt: new Date().toISOString() };
    console.log(`first render of a ${COUNT}-message conversation from IndexedDB: ${firstRenderMs} ms (target ≤ 1000 ms; ${machine.cores} cores, load ${machine.loadAverage1m})`);
    writeFileSync(`${SCREENSHOTS}large-conversation.json`, `${JSON.stringify(figure, null, 2)}\n`);
    await snap(page, '20-large-conversation');

    expect(await onScreen(text(COUNT - 1))).toBe(true);
    // Alice never read any of it: everything is new, and the divider sits before the first message.
    await page.getByTestId('jump-unread').getByText(`${COUNT} new messages`).waitFor();
    const { rows, elements } = await domSize();
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(80);
    expect(elements).toBeLessThan(2500);
  });

  it('scrolls to the middle and shows consecutive messages there', async () => {
    await page.getByTestId('messages').evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="message-text"]').length > 3);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const numbers = (await page.getByTestId('message-text').allTextContents()).map((t) => Number(/(\d+)$/.exec(t)?.[1]));
    expect(numbers[0]).toBeGreaterThan(COUNT * 0.3);
    expect(numbers[0]).toBeLessThan(COUNT * 0.7);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect((await domSize()).rows).toBeLessThan(80);
  });

  it('reaches the very first message by scrolling to the top, and by the jump to the first unread', async () => {
    // Measured heights replace estimates on the way, so keep scrolling up until the top holds.
    for (let i = 0; i < 50 && !(await onScreen(text(0))); i++) {
      await page.getByTestId('messages').evaluate((el) => el.scrollTo({ top: 0 }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    expect(await onScreen(text(0))).toBe(true);
    expect((await page.getByTestId('message-text').allTextContents()).slice(0, 3)).toEqual([text(0), text(1), text(2)]);
    await page.getByTestId('unread-divider').getByText(`${COUNT} new messages`).waitFor();
    // The first day of the history (two years back) opens with its date.
    expect(await page.locator('.day-separator').first().textContent()).toMatch(/\d{4}/);
    expect((await domSize()).rows).toBeLessThan(80);
    await snap(page, '21-large-conversation-top');

    await page.getByRole('button', { name: 'Jump to the newest message' }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="jump-unread"]') !== null);
    await page.getByTestId('jump-unread').click();
    await page.getByTestId('unread-divider').waitFor();
    await poll(() => onScreen(text(0))).toBe(true);
  });

  it('follows new messages at the bottom, each one costing no long task', async () => {
    await page.getByRole('button', { name: 'Jump to the newest message' }).click();
    await poll(() => onScreen(text(COUNT - 1))).toBe(true);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask' });
    });
    for (let i = 0; i < 5; i++) {
      expect((await callAs(server, 'POST', `/conversations/${conversationId}/messages`, bob, { text: `Live ${i}` })).status).toBe(201);
      await poll(() => onScreen(`Live ${i}`)).toBe(true);
    }
    // Printed, not asserted (no timing assertions): tasks over 50 ms while the five arrived.
    console.log(`long tasks while 5 messages arrived in the ${COUNT}-message conversation: ${JSON.stringify(await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks))}`);
  });

  it('had no uncaught errors', () => {
    expect(errors).toEqual([]);
  });
});
