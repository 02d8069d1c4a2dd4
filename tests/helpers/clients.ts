import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestServer, TestUser } from './server.js';
import { connectAs, synced } from './sync.js';

/** Stock y-websocket clients a suite opens on one server; `destroyAll()` (in afterAll) closes every one. */
export function syncClients(server: () => TestServer) {
  const open: WebsocketProvider[] = [];
  return {
    /** Connects `user` to `room` and resolves once the first sync is done. */
    async connect(room: string, user: TestUser, doc = new Y.Doc()): Promise<WebsocketProvider> {
      const p = connectAs(server(), room, user, doc);
      open.push(p);
      await synced(p);
      return p;
    },
    destroyAll(): void {
      open.splice(0).forEach((p) => p.destroy());
    },
  };
}
