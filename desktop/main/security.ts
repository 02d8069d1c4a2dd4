import { appCsp } from '../../shared/csp.js';

/**
 * The desktop app's security policy in one place, as plain data and predicates (the Electron
 * entry point applies them): a sandboxed, context-isolated renderer without Node, a strict CSP,
 * no navigation away from the app, no new windows, and only the permissions a chat needs.
 */

/** The renderer is served from this origin through a custom protocol, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True for URLs of our own app pages (`app://parley/...`). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The renderer may navigate only within the app (client routes, reloads). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** Links the app may hand to the system browser (window.open, target=_blank): https and mail only. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'mailto:') && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** The origins the renderer may connect to: the server's http(s) and ws(s) origins. */
export function connectSources(serverUrl: string | null): string[] {
  if (!serverUrl) return [];
  try {
    const u = new URL(serverUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return [];
    const ws = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return [u.origin, `${ws}//${u.host}`];
  } catch {
    return [];
  }
}

/** The Content-Security-Policy of every app page: our own scripts and styles only, the server for data. */
export function contentSecurityPolicy(serverUrl: string | null): string {
  return appCsp(connectSources(serverUrl));
}

/** Web preferences of the main window: the renderer gets no Node and talks to main only through the preload. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  } as const;
}

/** Permissions the renderer may get; everything else (camera, geolocation, midi, ...) is denied. */
const ALLOWED_PERMISSIONS = new Set(['notifications', 'clipboard-sanitized-write', 'fullscreen']);

/** True when a permission request from `origin` should be granted. */
export function isPermissionAllowed(permission: string, origin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(origin);
}
