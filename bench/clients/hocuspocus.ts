import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import type { BenchClient } from '../client.js';
import type { BenchServer } from '../servers.js';
import { countingWebSocket, pollUntil } from './counting-websocket.js';

/**
 * Hocuspocus prefixes every message with the document name, so stock y-websocket clients cannot
 * talk to it: its own provider, on a socket of its own per client as y-websocket has.
 */
export function connectHocuspocus(server: BenchServer, room: string, doc: Y.Doc): BenchClient {
  let bytes = 0;
  const socket = new HocuspocusProviderWebsocket({
    url: server.wsBase,
    WebSocketPolyfill: countingWebSocket((n) => (bytes += n)),
    // Reconnect about as promptly as the y-websocket clients (maxBackoffTime 500).
    delay: 100,
    minDelay: 100,
    maxDelay: 500,
  });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
  // A provider handed a socket is attached to it only on request (Hocuspocus 3).
  provider.attach();
  return {
    doc,
    bytesReceived: () => bytes,
    synced: () => pollUntil(() => provider.isSynced),
    destroy: () => {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}
