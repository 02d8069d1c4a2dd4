import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { createLogger } from '../../server/logger.js';
import { Compactor } from '../../server/sync/compactor.js';
import { foldStored, SyncStore } from '../../server/sync/persistence.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Compaction merged in a worker and swapped in on the main thread, against a server's real SQLite. */
let s: TestServer;
let store: SyncStore;
const compactors: Compactor[] = [];
beforeAll(async () => {
  s = await startTestServer();
  store = new SyncStore(s.db);
});
afterAll(async () => {
  await Promise.all(compactors.map((c) => c.close()));
  await s.stop();
});

const log = createLogger('silent');
function compactor(): Compactor {
  const c = new Compactor(s.db, store, (err) => log.error({ err }, 'compaction worker failed'));
  compactors.push(c);
  return c;
}

/** A document whose every update is appended to the store under `id`, as the sync server does. */
function storedDoc(id: string) {
  const doc = new Y.Doc();
  let seq = 0;
  const texts: string[] = [];
  doc.on('update', (update: Uint8Array) => store.appendAll([{ conversationId: id, seq: ++seq, update, writerUserId: null, claims: [] }]));
  return {
    texts,
    write(count: number) {
      for (let i = 0; i < count; i++) texts.push(sendMessage(doc, { author: 'ann', text: `m${texts.length}` }).text);
    },
  };
}

/** The texts a document rebuilt from what is stored holds. */
function storedTexts(id: string): string[] {
  const doc = new Y.Doc();
  Y.transact(doc, () => store.load(id).updates.forEach((u) => Y.applyUpdate(doc, u)));
  return listMessages(doc).map((m) => m.text);
}

const journalRows = (id: string) => s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(id) as number;
const rowsOf = (id: string) => store.rows(id).updates.map((u) => ({ seq: u.seq, update: u.bytes }));

describe('compaction', () => {
  // Whether the worker reads before or after the 5 late appends is up to the threads: either way nothing is lost.
  it('keeps what is appended while the worker merges after the snapshot, and loses nothing', async () => {
    const id = randomUUID();
    const doc = storedDoc(id);
    doc.write(30);
    const c = compactor();
    const folding = c.compact(id);
    // Appended while the worker reads and merges: folded if it read after them, else left after the snapshot.
    doc.write(5);
    const folded = await folding;
    expect([30, 35]).toContain(folded);
    expect(journalRows(id)).toBe(35 - folded);
    expect(storedTexts(id)).toEqual(doc.texts);
    // The next compaction folds the rest.
    expect(await c.compact(id)).toBe(35 - folded);
    expect(journalRows(id)).toBe(0);
    expect(storedTexts(id)).toEqual(doc.texts);
    expect(await c.compact(id)).toBe(0);
  });

  it('swaps a merge in only over the snapshot it was merged from', () => {
    const id = randomUUID();
    const doc = storedDoc(id);
    doc.write(10);
    const stale = foldStored(undefined, rowsOf(id));
    // Meanwhile another compaction (here on the main thread) replaced the snapshot.
    doc.write(5);
    expect(store.compact(id)).toBe(15);
    expect(stale && store.installSnapshot(id, stale)).toBe(false);
    expect(storedTexts(id)).toEqual(doc.texts);
    // A merge of the current snapshot and its updates goes in; later updates stay.
    doc.write(3);
    const snap = store.rows(id).snapshot;
    const fresh = foldStored(snap ? { seq: snap.seq, snapshot: snap.bytes } : undefined, rowsOf(id));
    doc.write(2);
    expect(fresh && store.installSnapshot(id, fresh)).toBe(true);
    expect(journalRows(id)).toBe(2);
    expect(storedTexts(id)).toEqual(doc.texts);
  });

  it('refuses a document whose stored updates do not decode, keeps them, and goes on compacting others', async () => {
    const broken = randomUUID();
    const doc = storedDoc(broken);
    doc.write(3);
    s.db.prepare('INSERT INTO doc_updates (conversation_id, seq, "update", writer_user_id, created_at) VALUES (?, 4, ?, NULL, 0)').run(broken, Buffer.from([0xff, 0xff, 0xff]));
    const c = compactor();
    await expect(c.compact(broken)).rejects.toThrow(/compaction failed/);
    expect(journalRows(broken)).toBe(4);
    const healthy = randomUUID();
    const other = storedDoc(healthy);
    other.write(4);
    expect(await c.compact(healthy)).toBe(4);
    expect(storedTexts(healthy)).toEqual(other.texts);
  });

  it('hands compaction back to the main thread when its worker dies', async () => {
    const errors: unknown[] = [];
    const c = new Compactor(s.db, store, (err) => void errors.push(err));
    compactors.push(c);
    const first = randomUUID();
    storedDoc(first).write(2);
    expect(await c.compact(first)).toBe(2);
    // The worker (started by that first compaction) is private: ending it from outside stands in for a crash.
    await (Reflect.get(c, 'worker') as Worker).terminate();
    expect(errors).toHaveLength(1);
    const id = randomUUID();
    const doc = storedDoc(id);
    doc.write(6);
    expect(await c.compact(id)).toBe(6);
    expect(journalRows(id)).toBe(0);
    expect(storedTexts(id)).toEqual(doc.texts);
  });

  it('runs a second call for the same document after the first, each reporting its own fold', async () => {
    const id = randomUUID();
    const doc = storedDoc(id);
    doc.write(30);
    const c = compactor();
    const first = c.compact(id);
    doc.write(5);
    const second = c.compact(id);
    const [a, b] = await Promise.all([first, second]);
    expect(a + b).toBe(35);
    expect(journalRows(id)).toBe(0);
    expect(storedTexts(id)).toEqual(doc.texts);
  });

  it('folds nothing once closed', async () => {
    const c = compactor();
    await c.close();
    const id = randomUUID();
    const doc = storedDoc(id);
    doc.write(3);
    expect(await c.compact(id)).toBe(0);
    expect(journalRows(id)).toBe(3);
    expect(storedTexts(id)).toEqual(doc.texts);
  });
});
