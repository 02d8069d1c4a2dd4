import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings, openSettings, parseSettings } from '../../desktop/main/settings.js';
import { normalizeServerUrl } from '../../shared/server-url.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-settings-'));
  dirs.push(dir);
  return join(dir, 'settings.json');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const account = { id: 'u1', username: 'alice', serverUrl: 'https://chat.example.com', refreshToken: 'c2VhbGVk', savedAt: 1 };

describe('settings file (lowdb)', () => {
  it('starts from the defaults and creates the file on first write', async () => {
    const file = tempFile();
    const store = await openSettings(file);
    expect(store.read()).toEqual(defaultSettings());
    await store.update((s) => {
      s.serverUrl = 'https://chat.example.com';
    });
    expect(JSON.parse(readFileSync(file, 'utf8')).serverUrl).toBe('https://chat.example.com');
  });

  it('keeps server URL, window state and accounts across restarts', async () => {
    const file = tempFile();
    const first = await openSettings(file);
    await first.update((s) => {
      s.serverUrl = 'https://chat.example.com';
      s.window = { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true };
      s.accounts.push(account);
      s.activeAccountId = 'u1';
    });
    const second = await openSettings(file);
    expect(second.read()).toMatchObject({
      serverUrl: 'https://chat.example.com',
      window: { bounds: { x: 10, y: 20, width: 900, height: 700 }, maximized: true },
      accounts: [account],
      activeAccountId: 'u1',
    });
  });

  it('reads a corrupt file as the defaults, and a bad field as its default without losing the rest', async () => {
    const file = tempFile();
    writeFileSync(file, '{ not json');
    expect((await openSettings(file)).read()).toEqual(defaultSettings());

    writeFileSync(file, JSON.stringify({ serverUrl: 'javascript:alert(1)', window: { bounds: 'x' }, accounts: [account, { id: 42 }], activeAccountId: 'u1' }));
    const s = (await openSettings(file)).read();
    expect(s.serverUrl).toBeNull();
    expect(s.window).toEqual(defaultSettings().window);
    expect(s.accounts).toEqual([account]);
    expect(s.activeAccountId).toBe('u1');
    expect(parseSettings('[1,2]')).toEqual(defaultSettings());
  });

  it('serializes updates so the last one wins on disk', async () => {
    const file = tempFile();
    const store = await openSettings(file);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update((s) => {
          s.window = { bounds: { x: i, y: 0, width: 800, height: 600 }, maximized: false };
        }),
      ),
    );
    expect(JSON.parse(readFileSync(file, 'utf8')).window.bounds.x).toBe(19);
    expect(store.read().window.bounds?.x).toBe(19);
  });

  it('hands out copies: mutating a snapshot changes nothing', async () => {
    const store = await openSettings(tempFile());
    store.read().accounts.push(account);
    expect(store.read().accounts).toEqual([]);
  });
});

describe('normalizeServerUrl', () => {
  it('accepts http(s) URLs and drops the trailing slash', () => {
    expect(normalizeServerUrl('https://chat.example.com/')).toBe('https://chat.example.com');
    expect(normalizeServerUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(normalizeServerUrl('https://example.com/parley/')).toBe('https://example.com/parley');
    expect(normalizeServerUrl(' https://chat.example.com/ ')).toBe('https://chat.example.com');
  });

  it('refuses other schemes, credentials, queries and garbage', () => {
    for (const bad of ['ftp://x', 'file:///etc/passwd', 'javascript:alert(1)', 'https://u:p@example.com', 'https://example.com/?x=1', 'https://example.com/#x', 'chat', '']) {
      expect(normalizeServerUrl(bad), bad).toBeNull();
    }
  });
});
