import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { BenchClient } from '../client.js';
import type { BenchServer } from '../servers.js';
import { countingWebSocket, pollUntil } from './counting-websocket.js';

/** A stock y-websocket client: how every server kind but Hocuspocus is driven. */
export function connectYWebsocket(server: BenchServer, room: string, doc: Y.Doc): BenchClient {
  let bytes = 0;
  const provider = new WebsocketProvider(server.wsBase, room, doc, {
    WebSocketPolyfill: countingWebSocket((n) => (bytes += n)),
    params: server.params,
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    bytesReceived: () => bytes,
    // The raw relay answers nothing itself: a client whose sync request reached no peer yet
    // would wait forever, so against it an unsynced client reconnects (and asks again).
    synced: () => {
      let askedAt = 0;
      return pollUntil(
        () => provider.synced,
        (waited) => {
          if (server.kind !== 'raw' || !provider.wsconnected || waited - askedAt < 500) return;
          provider.disconnect();
          provider.connect();
          askedAt = waited;
        },
      );
    },
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
