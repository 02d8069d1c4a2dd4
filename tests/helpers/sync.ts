import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestUser } from './server.js';

/** Resolves once `check()` holds; polls every 10 ms and fails after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The websocket base URL of a server's sync endpoint. */
export const syncUrl = (s: { url: string }) => `${s.url.replace(/^http/, 'ws')}/sync`;

/** A stock y-websocket client for `user` in `room`. */
export function connectAs(s: { url: string }, room: string, user: TestUser, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(syncUrl(s), room, doc, {
    params: { token: user.accessToken },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 100,
  });
}

/** Resolves when the provider has completed its first sync. */
export function synced(p: WebsocketProvider): Promise<void> {
  if (p.synced) return Promise.resolve();
  return new Promise((resolve) => p.once('sync', (s: boolean) => s && resolve()));
}

/** The close code with which the server ended the provider for good (4400–4499: no reconnect). */
export function closedWith(p: WebsocketProvider): Promise<number> {
  return new Promise((resolve) => p.once('closed', (e: { code: number }) => resolve(e.code)));
}

/** The HTTP status a websocket upgrade to `url` gets (101 when accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => reject(err));
  });
}
