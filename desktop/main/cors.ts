import { APP_ORIGIN } from './security.js';

/**
 * The app's pages live at app://parley while the server is any http(s) origin, and the server
 * speaks same-origin only (no CORS, a websocket Origin allowlist). The main process bridges that
 * for requests to the configured server only: it presents the server's own origin on the way out
 * and allows the app's origin on the way back. Other sites get no such favour.
 */

type Headers = Record<string, string | string[]>;

const ALLOW_HEADERS = 'authorization, content-type, x-request-id';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/** True when `url` is on the configured server (same origin). */
export function isServerUrl(url: string, serverUrl: string | null): boolean {
  if (!serverUrl) return false;
  try {
    const target = new URL(url);
    const server = new URL(serverUrl);
    const http = target.protocol === 'ws:' ? 'http:' : target.protocol === 'wss:' ? 'https:' : target.protocol;
    return http === server.protocol && target.host === server.host;
  } catch {
    return false;
  }
}

function withoutKey(headers: Headers, name: string): Headers {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== name.toLowerCase()));
}

/** Outgoing headers: requests to the server carry the server's origin, as a same-origin page would. */
export function rewriteRequestHeaders(url: string, headers: Headers, serverUrl: string | null): Headers {
  if (!isServerUrl(url, serverUrl) || !serverUrl) return headers;
  return { ...withoutKey(headers, 'origin'), Origin: new URL(serverUrl).origin };
}

/**
 * Incoming headers: answers from the server allow the app's origin; a preflight (OPTIONS)
 * becomes a 204 since the server itself has no OPTIONS routes. Null: leave the answer as it is.
 */
export function rewriteResponseHeaders(
  url: string,
  method: string,
  headers: Headers,
  serverUrl: string | null,
): { headers: Headers; statusLine?: string } | null {
  if (!isServerUrl(url, serverUrl)) return null;
  let out = withoutKey(withoutKey(withoutKey(headers, 'access-control-allow-origin'), 'access-control-allow-headers'), 'access-control-allow-methods');
  out = {
    ...out,
    'Access-Control-Allow-Origin': APP_ORIGIN,
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Expose-Headers': 'retry-after, x-request-id',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
  return method.toUpperCase() === 'OPTIONS' ? { headers: out, statusLine: 'HTTP/1.1 204 No Content' } : { headers: out };
}
