import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, Notification, protocol, safeStorage, screen, session, shell } from 'electron';
import { rewriteRequestHeaders, rewriteResponseHeaders } from './cors.js';
import { createHandlers } from './handlers/index.js';
import type { Notice } from './handlers/notifications-handlers.js';
import { registerHandlers } from './ipc.js';
import { staticContentType } from '../../shared/mime.js';
import { resolveAppFile } from './protocol.js';
import { createSecretBox } from './secrets.js';
import { createServerProbe } from './server-probe.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  contentSecurityPolicy,
  isAllowedNavigation,
  isExternalLinkAllowed,
  isPermissionAllowed,
  secureWebPreferences,
} from './security.js';
import { MIN_WINDOW, openSettings, type SettingsStore } from './settings.js';
import { debounce, initialBounds, stateToSave } from './window-state.js';

/** Electron wiring only: every rule it applies lives in a plain, unit-tested module beside it. */

const here = fileURLToPath(new URL('.', import.meta.url));
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD = join(here, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
]);

let mainWindow: BrowserWindow | null = null;

function serveApp(settings: SettingsStore): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, RENDERER_DIR);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const headers: Record<string, string> = { 'content-type': staticContentType(file) };
      if (file.endsWith('.html')) headers['content-security-policy'] = contentSecurityPolicy(settings.read().serverUrl);
      return new Response(await readFile(file), { headers });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

function lockDownSession(settings: SettingsStore): void {
  const ses = session.defaultSession;
  const serverUrl = () => settings.read().serverUrl;
  const filter = { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] };
  ses.webRequest.onBeforeSendHeaders(filter, (details, callback) => {
    callback({ requestHeaders: rewriteRequestHeaders(details.url, details.requestHeaders, serverUrl()) as Record<string, string> });
  });
  ses.webRequest.onHeadersReceived(filter, (details, callback) => {
    const rewritten = rewriteResponseHeaders(details.url, details.method, details.responseHeaders ?? {}, serverUrl());
    callback(rewritten ? { responseHeaders: rewritten.headers, ...(rewritten.statusLine ? { statusLine: rewritten.statusLine } : {}) } : {});
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(isPermissionAllowed(permission, details.requestingUrl)));
  ses.setPermissionCheckHandler((_contents, permission, origin) => isPermissionAllowed(permission, origin));
}

function lockDownContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function notify(notice: Notice): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: notice.title, body: notice.body });
  n.on('click', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    if (notice.path) void mainWindow.loadURL(`${APP_ORIGIN}${notice.path}`);
  });
  n.show();
}

async function createWindow(settings: SettingsStore): Promise<void> {
  const saved = settings.read().window;
  const win = new BrowserWindow({
    ...initialBounds(saved, screen.getAllDisplays().map((d) => d.workArea)),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'Parley',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(PRELOAD),
  });
  mainWindow = win;
  if (saved.maximized) win.maximize();
  const saveNow = () => {
    const state = stateToSave(win.getNormalBounds(), win.isMaximized());
    if (!state) return;
    void settings.update((s) => {
      s.window = state;
    });
  };
  const save = debounce(saveNow, 400);
  win.on('resize', save);
  win.on('move', save);
  win.on('maximize', save);
  win.on('unmaximize', save);
  win.on('close', () => {
    save.cancel();
    saveNow();
  });
  win.on('closed', () => {
    save.cancel();
    mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/`);
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  lockDownContents();
  await app.whenReady();
  const settings = await openSettings(join(app.getPath('userData'), 'settings.json'));
  serveApp(settings);
  lockDownSession(settings);
  registerHandlers(
    ipcMain,
    createHandlers({
      settings,
      secrets: createSecretBox(safeStorage),
      notify,
      probeServer: createServerProbe(),
      version: app.getVersion(),
      platform: process.platform,
    }),
  );
  await createWindow(settings);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow(settings);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  app.exit(1);
});
