import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../desktop/main/api-contract.js';
import { createHandlers, type Handlers } from '../../desktop/main/handlers/index.js';
import type { Notice } from '../../desktop/main/handlers/notifications-handlers.js';
import { createSecretBox, type Cipher } from '../../desktop/main/secrets.js';
import { openSettings } from '../../desktop/main/settings.js';

/** A stand-in for safeStorage: reversible, but never the plaintext. */
function fakeCipher(available = true): Cipher {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(`sealed:${Buffer.from(plain).toString('hex')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('sealed:')) throw new Error('cannot decrypt');
      return Buffer.from(text.slice(7), 'hex').toString();
    },
  };
}

let dir: string;
let file: string;
let notices: Notice[];
let probed: string[];

async function handlers(cipher = fakeCipher()): Promise<Handlers> {
  notices = [];
  probed = [];
  const settings = await openSettings(file);
  const probeServer = async (url: string) => {
    probed.push(url);
    if (url.includes('down')) throw new Error(`${url} cannot be reached`);
  };
  return createHandlers({ settings, secrets: createSecretBox(cipher), notify: (n) => void notices.push(n), probeServer, version: '1.2.3', platform: 'linux' });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-handlers-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'refresh-token-0123456789abcdef';
const alice = { id: 'a1', username: 'alice', serverUrl: 'https://chat.example.com/', refreshToken: TOKEN };

describe('IPC handler objects', () => {
  it('expose exactly the methods the preload bridges', async () => {
    const h = await handlers();
    const surface = Object.fromEntries(Object.entries(h).map(([ns, group]) => [ns, Object.keys(group).sort()]));
    const contract = Object.fromEntries(Object.entries(API_METHODS).map(([ns, methods]) => [ns, [...methods].sort()]));
    expect(surface).toEqual(contract);
  });

  it('settings: saves a normalized server URL and refuses anything but http(s)', async () => {
    const h = await handlers();
    expect(await h.settings.getServerUrl()).toBeNull();
    expect(await h.settings.setServerUrl('https://chat.example.com/')).toBe('https://chat.example.com');
    await expect(h.settings.setServerUrl('file:///etc/passwd')).rejects.toThrow();
    await expect(h.settings.setServerUrl(42 as unknown as string)).rejects.toThrow();
    expect(probed).toEqual(['https://chat.example.com']);
    expect(await (await handlers()).settings.getServerUrl()).toBe('https://chat.example.com');
  });

  it('settings: keeps the old server when the new one does not answer', async () => {
    const h = await handlers();
    await h.settings.setServerUrl('https://chat.example.com');
    await expect(h.settings.setServerUrl('https://down.example.com')).rejects.toThrow(/cannot be reached/);
    expect(await h.settings.getServerUrl()).toBe('https://chat.example.com');
  });

  it('accounts: keep the refresh token sealed on disk and resume the active account after a restart', async () => {
    const h = await handlers();
    expect(await h.accounts.save(alice)).toEqual({ tokenKept: true });
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    const restarted = await handlers();
    expect(await restarted.accounts.active()).toEqual({ id: 'a1', username: 'alice', serverUrl: 'https://chat.example.com', refreshToken: TOKEN });
    expect(await restarted.accounts.list()).toEqual([{ id: 'a1', username: 'alice', serverUrl: 'https://chat.example.com' }]);
  });

  it('accounts: a rotated token replaces the old one; the newest saved account is active; remove forgets it', async () => {
    const h = await handlers();
    await h.accounts.save(alice);
    await h.accounts.save({ ...alice, id: 'b2', username: 'bob' });
    await h.accounts.save({ ...alice, refreshToken: `${TOKEN}-rotated` });
    expect((await h.accounts.list()).map((a) => a.username)).toEqual(['alice', 'bob']);
    expect((await h.accounts.active())?.refreshToken).toBe(`${TOKEN}-rotated`);
    await h.accounts.remove('a1');
    expect(await h.accounts.active()).toBeNull();
    expect((await h.accounts.list()).map((a) => a.id)).toEqual(['b2']);
  });

  it('accounts: without OS encryption no token is stored at all', async () => {
    const h = await handlers(fakeCipher(false));
    expect(await h.accounts.save(alice)).toEqual({ tokenKept: false });
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);
    expect((await h.accounts.active())?.refreshToken).toBeNull();
    expect(await h.app.info()).toEqual({ version: '1.2.3', platform: 'linux', secureStorage: false });
  });

  it('accounts: a token sealed elsewhere (other machine, corrupt) opens as null instead of throwing', async () => {
    await (await handlers()).accounts.save(alice);
    const broken = fakeCipher();
    broken.decryptString = () => {
      throw new Error('wrong key');
    };
    expect((await (await handlers(broken)).accounts.active())?.refreshToken).toBeNull();
  });

  it('accounts: refuses malformed input', async () => {
    const h = await handlers();
    await expect(h.accounts.save({ ...alice, serverUrl: 'ftp://x' })).rejects.toThrow();
    await expect(h.accounts.save({ ...alice, extra: 1 } as typeof alice)).rejects.toThrow();
    await expect(h.accounts.remove('')).rejects.toThrow();
  });

  it('notifications: validates and hands the notice to the native notifier', async () => {
    const h = await handlers();
    await h.notifications.show({ title: 'Parley', body: 'bob sent you a friend request', path: '/friends' });
    expect(notices).toEqual([{ title: 'Parley', body: 'bob sent you a friend request', path: '/friends' }]);
    await expect(h.notifications.show({ title: '', body: 'x' })).rejects.toThrow();
    await expect(h.notifications.show({ title: 'x', body: 'y', path: 'https://evil.example' })).rejects.toThrow();
    expect(notices).toHaveLength(1);
  });
});
