import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, ipcChannel } from '../../desktop/main/api-contract.js';
import { bundleNode, fromRoot } from '../../desktop/scripts/bundle.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { until } from '../helpers/sync.js';
import type { ElectronRecord } from './fakes/electron.js';

/**
 * The Electron entry points as they are packaged (bundled by the same build), with `electron`
 * swapped for a recording fake: proves the wiring applies the tested security policy and IPC
 * surface without needing the Electron binary.
 */

let dir: string;
let rec: ElectronRecord;
let server: TestServer;

const electron = () => (globalThis as { __electron?: ElectronRecord }).__electron!;

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'parley-electron-'));
  const alias = { electron: fromRoot('tests/desktop/fakes/electron.ts') };
  await bundleNode({ entry: 'desktop/main/index.ts', outDir: join(dir, 'main'), format: 'es', fileName: 'index.js', alias });
  await bundleNode({ entry: 'desktop/preload/index.ts', outDir: join(dir, 'preload'), format: 'es', fileName: 'index.js', alias });
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><div id="root"></div>');
  mkdirSync(join(dir, 'userData'));
  (globalThis as { __electron?: Partial<ElectronRecord> }).__electron = undefined;
  await import(pathToFileURL(join(dir, 'preload', 'index.js')).href);
  electron().userData = join(dir, 'userData');
  await import(pathToFileURL(join(dir, 'main', 'index.js')).href);
  rec = electron();
  await until(() => rec.windows.length === 1 && rec.windows[0]!.loaded.length === 1);
}, 60_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await server.stop();
});

const fromApp = { senderFrame: { url: 'app://parley/' } };

describe('Electron main entry point', () => {
  it('opens one locked-down window on app://parley with the preload', () => {
    const [win] = rec.windows;
    expect(win!.loaded).toEqual(['app://parley/']);
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(win!.options.webPreferences.preload).toBe(join(dir, 'preload', 'index.cjs'));
    expect(rec.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('serves the renderer through app:// with the CSP, and nothing outside it', async () => {
    const serve = rec.protocolHandlers.get('app')!;
    const page = await serve(new Request('app://parley/c/123'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('id="root"');
    expect((await serve(new Request('app://parley/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('registers every bridged IPC method, refusing foreign frames', async () => {
    const channels = Object.entries(API_METHODS).flatMap(([ns, methods]) => methods.map((m) => ipcChannel(ns, m)));
    expect([...rec.ipcHandlers.keys()].sort()).toEqual(channels.sort());
    await expect(rec.ipcHandlers.get(ipcChannel('settings', 'getServerUrl'))!({ senderFrame: { url: 'https://evil.example/' } })).rejects.toThrow(/refused/);
    expect(await rec.ipcHandlers.get(ipcChannel('app', 'info'))!(fromApp)).toEqual({ version: '9.9.9', platform: process.platform, secureStorage: true });
  });

  it('keeps settings and sealed refresh tokens in userData/settings.json', async () => {
    // Main checks the server before saving it (the page cannot reach a server not yet configured).
    await expect(rec.ipcHandlers.get(ipcChannel('settings', 'setServerUrl'))!(fromApp, `${server.url}/docs`)).rejects.toThrow(/Parley server/);
    await rec.ipcHandlers.get(ipcChannel('settings', 'setServerUrl'))!(fromApp, `${server.url}/`);
    await rec.ipcHandlers.get(ipcChannel('accounts', 'save'))!(fromApp, { id: 'u1', username: 'alice', serverUrl: server.url, refreshToken: 'secret-refresh-token' });
    const file = readFileSync(join(dir, 'userData', 'settings.json'), 'utf8');
    expect(JSON.parse(file)).toMatchObject({ serverUrl: server.url, activeAccountId: 'u1' });
    expect(file).not.toContain('secret-refresh-token');
    expect(await rec.ipcHandlers.get(ipcChannel('accounts', 'active'))!(fromApp)).toMatchObject({ refreshToken: 'secret-refresh-token' });
  });

  it('bridges CORS and the websocket Origin for the configured server only', () => {
    let out: any;
    rec.webRequest.before!({ url: `${server.url.replace('http', 'ws')}/sync/x?token=t`, requestHeaders: { Origin: 'app://parley' } }, (r: unknown) => (out = r));
    expect(out.requestHeaders.Origin).toBe(server.url);
    rec.webRequest.received!({ url: `${server.url}/api/v1/users/me`, method: 'OPTIONS', responseHeaders: {} }, (r: unknown) => (out = r));
    expect(out.responseHeaders['Access-Control-Allow-Origin']).toBe('app://parley');
    expect(out.statusLine).toBe('HTTP/1.1 204 No Content');
    rec.webRequest.received!({ url: 'https://evil.example/', method: 'GET', responseHeaders: {} }, (r: unknown) => (out = r));
    expect(out).toEqual({});
  });

  it('locks navigation, new windows, webviews and permissions', () => {
    const handlers = new Map<string, (...a: any[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = { on: (e: string, fn: (...a: any[]) => void) => handlers.set(e, fn), setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) };
    rec.appHandlers.get('web-contents-created')![0]!({}, contents);
    const navigate = (url: string) => {
      let prevented = false;
      handlers.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://parley/friends')).toBe(false);
    let webview = false;
    handlers.get('will-attach-webview')!({ preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
    expect(openHandler!({ url: 'https://example.com/doc' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///bin/sh' })).toEqual({ action: 'deny' });
    expect(rec.opened).toEqual(['https://example.com/doc']);
    const granted: boolean[] = [];
    rec.permissionRequest!({}, 'media', (ok: boolean) => granted.push(ok), { requestingUrl: 'app://parley/' });
    rec.permissionRequest!({}, 'notifications', (ok: boolean) => granted.push(ok), { requestingUrl: 'app://parley/' });
    expect(granted).toEqual([false, true]);
  });

  it('shows native notifications asked for by the renderer', async () => {
    await rec.ipcHandlers.get(ipcChannel('notifications', 'show'))!(fromApp, { title: 'Parley', body: 'bob accepted your friend request' });
    expect(rec.notifications).toEqual([{ title: 'Parley', body: 'bob accepted your friend request' }]);
  });

  it('saves the window state when the window closes', async () => {
    const [win] = rec.windows;
    win!.bounds = { x: 40, y: 50, width: 1000, height: 700 };
    win!.emit('close');
    await until(() => JSON.parse(readFileSync(join(dir, 'userData', 'settings.json'), 'utf8')).window.bounds?.x === 40);
  });
});

describe('Electron preload', () => {
  it('exposes window.parley with one IPC invoke per handler method', async () => {
    const api = electron().exposed.get('parley');
    expect(Object.fromEntries(Object.entries(api).map(([ns, m]) => [ns, Object.keys(m as object)]))).toEqual(API_METHODS);
    expect(await api.settings.setServerUrl('https://chat.example.com')).toBe('answer of parley:settings.setServerUrl');
    expect(electron().invoked).toEqual([{ channel: 'parley:settings.setServerUrl', args: ['https://chat.example.com'] }]);
  });
});
