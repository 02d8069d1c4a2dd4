import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { editMessage, listMessages, markRead, sendMessage } from '../../shared/doc/index.js';
import { MemoryRoomDirectory } from '../../server/sync/memory-directory.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { until } from '../helpers/sync.js';

/** Seeded random operations across three stock clients with disconnects: every replica converges. */

let server: TestServer;
let users: TestUser[];
const directory = new MemoryRoomDirectory();

beforeAll(async () => {
  server = await startTestServer();
  server.sync.setRoomDirectory(directory);
  users = await Promise.all(['ann', 'ben', 'cat'].map((n) => server.signUp(n)));
});

afterAll(() => server.stop());


const stateOf = (doc: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));

/** The document as SQLite holds it: snapshot, then every later update. */
function rebuilt(room: string): Y.Doc {
  server.sync.flush();
  const doc = new Y.Doc();
  const snap = server.db.prepare('SELECT seq, snapshot FROM doc_snapshots WHERE conversation_id = ?').get(room) as { seq: number; snapshot: Buffer } | undefined;
  if (snap) Y.applyUpdate(doc, snap.snapshot);
  const rows = server.db.prepare('SELECT "update" AS u FROM doc_updates WHERE conversation_id = ? AND seq > ? ORDER BY seq').all(room, snap?.seq ?? 0) as { u: Buffer }[];
  rows.forEach((r) => Y.applyUpdate(doc, r.u));
  return doc;
}

type Op = { kind: 'send' | 'edit' | 'read' | 'toggle'; who: number };
const op = fc.record({ kind: fc.constantFrom<Op['kind']>('send', 'send', 'edit', 'read', 'toggle'), who: fc.integer({ min: 0, max: 2 }) });

describe('convergence', () => {
  it('three clients with random writes and disconnects converge, and SQLite holds the same document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        const room = randomUUID();
        directory.add(room, ...users.map((u) => u.id));
        const providers = users.map(
          (u) =>
            new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, room, new Y.Doc(), {
              params: { token: u.accessToken },
              WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
              disableBc: true,
              maxBackoffTime: 50,
            }),
        );
        try {
          await until(() => providers.every((p) => p.synced));
          let n = 0;
          for (const { kind, who } of ops) {
            const p = providers[who] as WebsocketProvider;
            const me = (users[who] as TestUser).id;
            const mine = listMessages(p.doc).filter((m) => m.author === me && !m.deleted);
            if (kind === 'send') sendMessage(p.doc, { author: me, text: `message ${n++} from ${who}` });
            else if (kind === 'edit' && mine.length > 0) editMessage(p.doc, { messageId: (mine.at(-1) as { id: string }).id, userId: me, text: `edit ${n++}` });
            else if (kind === 'read') {
              const last = listMessages(p.doc).at(-1);
              if (last) markRead(p.doc, { userId: me, messageId: last.id, device: 'd1' });
            } else if (kind === 'toggle') {
              if (p.wsconnected) p.disconnect();
              else p.connect();
            }
            await new Promise((r) => setTimeout(r, 2));
          }
          providers.forEach((p) => p.shouldConnect || p.connect());
          await until(() => providers.every((p) => p.synced && p.wsconnected));
          const want = () => server.sync.read(room, (doc) => stateOf(doc));
          await until(() => providers.every((p) => stateOf(p.doc) === want()));
          const fromDb = rebuilt(room);
          expect(stateOf(fromDb)).toBe(want());
          const expected = listMessages(fromDb);
          for (const p of providers) expect(listMessages(p.doc)).toEqual(expected);
          expect(expected.length).toBe(ops.filter((o) => o.kind === 'send').length);
        } finally {
          providers.forEach((p) => p.destroy());
        }
      }),
      { seed: Number(process.env.SEED ?? 7), numRuns: Number(process.env.RUNS ?? 8) },
    );
  });
});
