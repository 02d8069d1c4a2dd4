import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { BenchServer } from './servers.js';

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
  });
  return {
    doc,
    provider,
    bytesReceived: () => bytes,
    synced: async () => {
      // The raw relay answers nothing itself: a client whose sync request reached no peer yet
      // would wait forever, so against it an unsynced client reconnects (and asks again).
      let waited = 0;
      while (!provider.synced) {
        await new Promise((r) => setTimeout(r, 25));
        waited += 25;
        if (server.kind === 'raw' && provider.wsconnected && waited >= 500) {
          provider.disconnect();
          provider.connect();
          waited = 0;
        }
      }
    },
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
