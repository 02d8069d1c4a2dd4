import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD, type TestServer } from '../../helpers/server.js';
import { snap } from './browser.js';
import { atChats, atLoginScreen, submitLogin } from './login.js';

/** expect.poll with the patience a browser on a busy machine needs (its default is one second). */
export function poll<T>(value: () => T | Promise<T>) {
  return expect.poll(value, { timeout: 10_000 });
}

/** Through the UI: register, paste the mailed token, log in. Screenshots when `shots` is set. */
export async function signUpInBrowser(page: Page, server: TestServer, username: string, shots = false): Promise<void> {
  const email = `${username}@example.com`;
  await page.goto(`${server.url}/`);
  await atLoginScreen(page);
  expect(await page.getByTestId('server-url').textContent()).toBe(server.url);
  if (shots) {
    await snap(page, '01-login');
    // The server screen checks the address before switching to it.
    await page.getByRole('link', { name: 'change' }).click();
    await page.getByLabel('Server address').fill(`${server.url}/docs`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('does not answer like a Parley server').waitFor();
    await page.getByLabel('Server address').fill(`${server.url}/`);
    await snap(page, '00-server');
    await page.getByRole('button', { name: 'Continue' }).click();
    await atLoginScreen(page);
  }
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  if (shots) await snap(page, '02-register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
  const token = await server.mailToken(email, /verify/i);
  await page.getByLabel('Verification token').fill(token);
  if (shots) await snap(page, '03-verify');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByText('Your email is verified').waitFor();
  await submitLogin(page, username);
  await atChats(page);
}

/** The texts of the messages shown in the open chat, in order. */
export function messageTexts(page: Page): Promise<string[]> {
  return page.getByTestId('message-text').allTextContents();
}

/** Sends `text` from the open chat's composer. */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.getByTestId('message-text').filter({ hasText: text }).last().waitFor();
}

/** Waits until the open chat's sync indicator shows `state`. */
export async function syncState(page: Page, state: string, timeout = 15_000): Promise<void> {
  await page.locator(`[data-testid="sync-state"][data-state="${state}"]`).waitFor({ timeout });
}
