import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BenchServer } from './servers.js';

// y-websocket's resync timer reads the global WebSocket's constants, which Node 20 lacks.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

/** A stock y-websocket client that counts the bytes it receives. */
export interface BenchClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  bytesReceived(): number;
  synced(): Promise<void>;
  destroy(): void;
}

export function connect(server: BenchServer, room: string, doc = new Y.Doc()): BenchClient {
  let bytes = 0;
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data: Buffer | ArrayBuffer) => (bytes += data.byteLength));
    }
  }
  const provider = new WebsocketProvider(server.wsBase, room, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    params: server.params,
    disableBc: true,
    maxBackoffTime: 500,
    // The raw relay answers nothing itself: a client whose first sync request reached no peer yet
    // would wait forever, so against it clients ask again (real servers answer the first request).
    ...(server.kind === 'raw' ? { resyncInterval: 250 } : {}),
  });
  return {
    doc,
    provider,
    bytesReceived: () => bytes,
    synced: () =>
      provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve())),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once `check()` holds, polling on a short timer (gives up after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
}
