import * as Y from 'yjs';
import { conversationRoots, sendMessage } from '../../shared/doc/index.js';
import { connect, until } from '../client.js';
import type { BenchServer } from '../servers.js';

const TOTAL = 100_000;
const HELD = 99_000;
const BATCH = 1000;

/** S4 history: 100,000 messages persisted, server restarted; cold sync and catch-up from 99,000. */
export async function history(server: BenchServer) {
  const [room] = await server.rooms(1);
  const seeder = connect(server, room as string);
  await seeder.synced();
  let held: Uint8Array | undefined;
  for (let sent = 0; sent < TOTAL; sent += BATCH) {
    seeder.doc.transact(() => {
      for (let i = 0; i < BATCH; i++) sendMessage(seeder.doc, { author: server.userId, text: `history message ${sent + i}` });
    });
    if (sent + BATCH === HELD) held = Y.encodeStateAsUpdate(seeder.doc);
    await new Promise((r) => setTimeout(r, 5));
  }
  // Only restart once the server holds everything: a fresh client must see all of it.
  const check = connect(server, room as string);
  await until(() => conversationRoots(check.doc).messages.length >= TOTAL, 300_000);
  check.destroy();
  seeder.destroy();
  await server.restart();

  const measure = async (doc: Y.Doc) => {
    const started = performance.now();
    const client = connect(server, room as string, doc);
    const messages = conversationRoots(doc).messages;
    await until(() => messages.length >= TOTAL, 60_000);
    const result = { seconds: (performance.now() - started) / 1000, kb: client.bytesReceived() / 1024 };
    client.destroy();
    return result;
  };
  const cold = await measure(new Y.Doc());
  const holder = new Y.Doc();
  Y.applyUpdate(holder, held as Uint8Array);
  const catchUp = await measure(holder);
  return { coldSyncS: cold.seconds, coldKb: cold.kb, catchUpS: catchUp.seconds, catchUpKb: catchUp.kb };
}
