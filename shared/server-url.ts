/**
 * Addresses of a Parley server, the same for Electron's main process, the renderer and tests:
 * a server URL is an origin plus an optional path, without a trailing slash.
 */

/** `raw` as an origin plus path without trailing slash, or null when it is not a plain http(s) URL. */
export function normalizeServerUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The REST URL of `path` (relative to /api/v1) on the server at `serverUrl`. */
export function apiUrl(serverUrl: string, path: string): string {
  return `${serverUrl}/api/v1${path}`;
}

/** The websocket URL of `path` on the server at `serverUrl` (http → ws, https → wss). */
export function wsUrl(serverUrl: string, path: string): string {
  return `${serverUrl.replace(/^http/, 'ws')}${path}`;
}
