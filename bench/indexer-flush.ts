import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { conversationRoots, deleteMessage, markRead, sendMessage } from '../shared/doc/index.js';
import { summarize } from '../server/messaging/indexer.js';
import { IndexerHarness, ROOM } from '../tests/helpers/indexer-harness.js';

/**
 * `npm run bench:indexer`: what one index flush costs in a 100,000-message room receiving new
 * messages, reads and deletions, against the full summary every flush used to compute. The rows
 * must still equal the full summary at the end.
 */
const h = new IndexerHarness(5000);
const authors = ['ann', 'ben', 'cat'];
const ids: string[] = [];
const send = (i: number) => {
  const author = authors[i % 3] as string;
  // Four clients taking turns, as devices do, so messages sit in separate Yjs items.
  h.doc.clientID = 10 + (i % 4);
  h.write((doc) => ids.push(sendMessage(doc, { author, text: `message ${i}` }).id), author);
};
const record = (i: number) => ({ id: `m${i}`, author: authors[i % 3] as string, text: `message ${i}`, createdAt: Date.now() });
for (let i = 0; i < 100_000; i++) {
  // Devices taking turns in bursts of ten (one client's consecutive messages share a Yjs item).
  h.doc.clientID = 10 + (Math.floor(i / 10) % 4);
  h.write((doc) => conversationRoots(doc).messages.push([record(i)]));
  ids.push(`m${i}`);
}
const time = (f: () => void) => {
  const started = performance.now();
  f();
  return performance.now() - started;
};
const first = time(() => h.indexer.flush());
const rounds = (flush: () => void) =>
  Array.from({ length: 50 }, (_, r) => {
    send(ids.length);
    h.write((doc) => markRead(doc, { userId: authors[r % 3] as string, messageId: ids.at(-1) as string, device: 'phone' }), authors[r % 3] as string);
    if (r % 10 === 9) h.write((doc) => deleteMessage(doc, { messageId: ids.at(-2) as string, userId: authors[(ids.length - 2) % 3] as string }));
    return time(flush);
  }).sort((a, b) => a - b);
const before = rounds(() => h.rows.set(ROOM, summarize(h.doc, h.members)));
h.indexer.flush(); // what arrived while the full summaries were timed
const after = rounds(() => h.indexer.flush());
deepStrictEqual(h.rows.get(ROOM), summarize(h.doc, h.members));
strictEqual(h.indexer.stats().fullScans, 1);
h.indexer.destroy();
const ms = (xs: number[]) => `median ${xs[25]?.toFixed(3)} ms, max ${xs.at(-1)?.toFixed(3)} ms`;
const full = before[25] as number;
const incremental = after[25] as number;
console.log(`100,000 messages: first (full) flush ${first.toFixed(1)} ms`);
console.log(`full summary per flush: ${ms(before)}`);
console.log(`incremental flush:      ${ms(after)} (${(full / incremental).toFixed(0)}× less at the median)`);
