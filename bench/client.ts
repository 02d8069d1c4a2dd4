import * as Y from 'yjs';
import { connectHocuspocus } from './clients/hocuspocus.js';
import { connectYWebsocket } from './clients/y-websocket.js';
import type { BenchServer } from './servers.js';

/** One client of a room, whatever protocol its server speaks; it counts the bytes it receives. */
export interface BenchClient {
  doc: Y.Doc;
  bytesReceived(): number;
  /** Resolves once the first sync with the server is done. */
  synced(): Promise<void>;
  destroy(): void;
}

/** Connects a client to `room`: Hocuspocus's own provider for Hocuspocus, stock y-websocket for every other kind. */
export function connect(server: BenchServer, room: string, doc = new Y.Doc()): BenchClient {
  return server.kind === 'hocuspocus' ? connectHocuspocus(server, room, doc) : connectYWebsocket(server, room, doc);
}

/** Resolves once `check()` holds, polling on a short timer (gives up after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * Resolves once none of `clients` has received a byte for `quietMs` (at most `timeoutMs`): connecting
 * leaves sync and awareness traffic behind (a storm on the raw relay, where every peer answers every
 * peer), and measuring latency through it would measure the warm-up instead.
 */
export async function settled(clients: readonly BenchClient[], quietMs = 1000, timeoutMs = 60_000): Promise<void> {
  const total = () => clients.reduce((sum, c) => sum + c.bytesReceived(), 0);
  const deadline = Date.now() + timeoutMs;
  let last = total();
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = total();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}
