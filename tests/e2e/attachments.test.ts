import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/server.js';
import { befriendUsers } from '../helpers/social.js';
import { startE2eApp, type E2eApp } from './helpers/app.js';
import { openPage, snap } from './helpers/browser.js';
import { poll, syncState } from './helpers/flows.js';
import { logInInBrowser, throttleUploads } from './helpers/login.js';
import { directConversation } from './helpers/conversations.js';

/**
 * Attachments in the web client: Alice picks, drops and sends files with upload progress, cancels
 * one, sees a size-limit refusal and the offline hint; Bob sees the preview and downloads the
 * exact bytes.
 */

const LIMIT = 3 * 1024 * 1024;
let app: E2eApp | undefined;
let server: TestServer;
let browser: Browser;
let alice: Page;
let bob: Page;
let chatPath = '';
let picture: Buffer;
const errors: string[] = [];
/** Paths Bob's page fetched, and the release of his held thumbnail requests (so a preview's box can be seen before it loads). */
const bobFetched: string[] = [];
let releaseThumbnails: () => void = () => undefined;

beforeAll(async () => {
  app = await startE2eApp({ env: { ATTACHMENT_MAX_BYTES: String(LIMIT) } });
  ({ server, browser } = app);
  // Noise compresses badly, so this PNG is large enough (about 1.4 MB) for progress to show under a throttle.
  picture = await sharp(randomBytes(800 * 600 * 3), { raw: { width: 800, height: 600, channels: 3 } }).png().toBuffer();
  const [a, b] = [await server.signUp('alice'), await server.signUp('bob')];
  await befriendUsers(server, a, b);
  chatPath = `/c/${await directConversation(server, a, b)}`;
  [alice, bob] = await Promise.all([openPage(browser, errors, { acceptDownloads: true }), openPage(browser, errors, { acceptDownloads: true })]);
  await Promise.all([logInInBrowser(alice, server, 'alice'), logInInBrowser(bob, server, 'bob')]);
  bob.on('request', (r) => bobFetched.push(new URL(r.url()).pathname));
  const held = new Promise<void>((resolve) => (releaseThumbnails = resolve));
  await bob.route('**/api/v1/attachments/*/thumbnail', async (route) => {
    await held;
    await route.continue();
  });
  await Promise.all([alice.goto(`${server.url}${chatPath}`), bob.goto(`${server.url}${chatPath}`)]);
  await Promise.all([syncState(alice, 'online'), syncState(bob, 'online')]);
}, 120_000);

afterAll(() => app?.stop());

/** Records every upload percentage the page shows, so a fast upload's progress is not missed. */
async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { seenPercents: number[] }).seenPercents = seen;
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('[data-testid="upload-percent"]')) seen.push(parseInt(el.textContent ?? '', 10));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { seenPercents: number[] }).seenPercents);
}

/** A message's preview: its width/height attributes, the decoded thumbnail's size, and the size it is shown at. */
function previewSize(message: Locator) {
  return message.getByTestId('attachment-preview').evaluate((img: HTMLImageElement) => ({
    attributes: [Number(img.getAttribute('width')), Number(img.getAttribute('height'))],
    natural: [img.naturalWidth, img.naturalHeight],
    shown: [img.clientWidth, img.clientHeight],
  }));
}

describe('attachments in the web client', () => {
  it('uploads a picture with visible progress, then sends it with a caption', async () => {
    const percents = await recordProgress(alice);
    await throttleUploads(alice, 512 * 1024);
    await alice.getByTestId('attach-input').setInputFiles({ name: 'sunset.png', mimeType: 'image/png', buffer: picture });
    const upload = alice.getByTestId('upload').filter({ hasText: 'sunset.png' });
    await upload.locator('progress').waitFor();
    await snap(alice, 'attachments-01-uploading');
    // Sending waits for the upload.
    expect(await alice.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await alice.locator('[data-testid="upload"][data-status="done"]').waitFor({ timeout: 30_000 });
    await throttleUploads(alice, null);
    const shown = await percents();
    expect(shown.some((p) => p > 0 && p < 100)).toBe(true);
    expect(shown).toEqual(shown.toSorted((x, y) => x - y));

    await alice.getByLabel('Message', { exact: true }).fill('The sunset from yesterday');
    await alice.getByLabel('Message', { exact: true }).press('Enter');
    const sent = alice.getByTestId('message').filter({ hasText: 'The sunset from yesterday' });
    await sent.getByTestId('attachment-preview').waitFor();
    await poll(() => sent.getByTestId('attachment-preview').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await alice.getByTestId('upload').count()).toBe(0);
    // The record carries the picture's size: its box is the thumbnail's (800×600 fitted into 320²).
    expect(await previewSize(sent)).toEqual({ attributes: [320, 240], natural: [320, 240], shown: [320, 240] });
  });

  it('shows the preview to the other member in a box reserved before it loads, who downloads the identical bytes', async () => {
    const message = bob.getByTestId('message').filter({ hasText: 'The sunset from yesterday' });
    // Bob's thumbnail request is held: the placeholder already has the picture's box.
    const placeholder = message.getByTestId('attachment-placeholder');
    await placeholder.waitFor();
    const box = await placeholder.boundingBox();
    expect([box?.width, box?.height]).toEqual([320, 240]);
    releaseThumbnails();
    const preview = message.getByTestId('attachment-preview');
    await preview.waitFor();
    await poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await previewSize(message)).toEqual({ attributes: [320, 240], natural: [320, 240], shown: [320, 240] });
    // A record with dimensions names an image the server has a thumbnail of: the whole file is not fetched for the preview.
    expect(bobFetched.filter((p) => /^\/api\/v1\/attachments\/[^/]+\/thumbnail$/.test(p))).toHaveLength(1);
    expect(bobFetched.filter((p) => /^\/api\/v1\/attachments\/[^/]+$/.test(p))).toEqual([]);
    expect(await message.getByTestId('attachment').textContent()).toContain('sunset.png');
    await snap(bob, 'attachments-02-preview');

    const [download] = await Promise.all([bob.waitForEvent('download'), message.getByRole('button', { name: 'Download sunset.png' }).click()]);
    expect(download.suggestedFilename()).toBe('sunset.png');
    expect((await readFile(await download.path())).equals(picture)).toBe(true);
  });

  it('sends a dropped file without a caption, named in the text, downloadable as a file', async () => {
    const notes = Buffer.from('meeting notes\nline two\n');
    const dropped = await alice.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'notes.txt', { type: 'text/plain' }));
      return data;
    }, notes.toString());
    await alice.locator('.composer').dispatchEvent('drop', { dataTransfer: dropped });
    await alice.locator('[data-testid="upload"][data-status="done"]').filter({ hasText: 'notes.txt' }).waitFor();
    await alice.getByRole('button', { name: 'Send' }).click();

    const message = bob.getByTestId('message').filter({ hasText: 'notes.txt' });
    await message.getByTestId('attachment').waitFor();
    expect(await message.getByTestId('message-text').textContent()).toBe('Attachment: notes.txt');
    expect(await message.getByTestId('attachment-preview').count()).toBe(0);
    const [download] = await Promise.all([bob.waitForEvent('download'), message.getByRole('button', { name: 'Download notes.txt' }).click()]);
    expect((await readFile(await download.path())).equals(notes)).toBe(true);
  });

  it('cancels an upload in flight, and nothing is sent', async () => {
    const before = await bob.getByTestId('message').count();
    await throttleUploads(alice, 64 * 1024);
    await alice.getByTestId('attach-input').setInputFiles({ name: 'slow.bin', mimeType: 'application/octet-stream', buffer: randomBytes(1024 * 1024) });
    await alice.getByTestId('upload').filter({ hasText: 'slow.bin' }).locator('progress').waitFor();
    await alice.getByRole('button', { name: 'Cancel upload of slow.bin' }).click();
    await throttleUploads(alice, null);
    expect(await alice.getByTestId('upload').count()).toBe(0);
    expect(await alice.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await alice.getByLabel('Message', { exact: true }).fill('after the cancel');
    await alice.getByLabel('Message', { exact: true }).press('Enter');
    const last = bob.getByTestId('message').last();
    await last.filter({ hasText: 'after the cancel' }).waitFor();
    expect(await bob.getByTestId('message').count()).toBe(before + 1);
    expect(await last.getByTestId('attachment').count()).toBe(0);
  });

  it('says clearly when a file is over the size limit, and sends nothing', async () => {
    await alice.getByTestId('attach-input').setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: randomBytes(LIMIT + 1024 * 1024) });
    const failed = alice.locator('[data-testid="upload"][data-status="failed"]').filter({ hasText: 'huge.bin' });
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.getByRole('alert').textContent()).toBe('Too large: huge.bin is 4 MB; files can be at most 3 MB.');
    await snap(alice, 'attachments-03-too-large');
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await alice.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await alice.getByRole('button', { name: 'Remove huge.bin' }).click();
    expect(await alice.getByTestId('upload').count()).toBe(0);
  });

  it('turns attaching off while offline, with a hint, and back on when online', async () => {
    await alice.context().setOffline(true);
    const attach = alice.getByRole('button', { name: 'Attach files' });
    await poll(() => attach.getAttribute('aria-disabled')).toBe('true');
    // Playwright treats aria-disabled as disabled; people can still click it and get the hint.
    await attach.click({ force: true });
    expect(await alice.getByTestId('composer-hint').textContent()).toMatch(/offline: files can be attached once you are back online/i);
    await snap(alice, 'attachments-04-offline');
    await alice.context().setOffline(false);
    await poll(() => attach.getAttribute('aria-disabled')).toBe('false');
    expect(await alice.getByTestId('composer-hint').count()).toBe(0);
  });

  it('had no uncaught errors in either page', () => {
    expect(errors).toEqual([]);
  });
});
