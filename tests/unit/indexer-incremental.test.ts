import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  conversationRoots,
  deleteMessage,
  DocRuleError,
  editMessage,
  listMessages,
  markDelivered,
  markRead,
  sendMessage,
  sendSystemMessage,
  type MessageRecord,
} from '../../shared/doc/index.js';
import { IncrementalSummaries, STATE_IDLE_MS } from '../../server/messaging/incremental-summaries.js';
import { summarize } from '../../server/messaging/indexer.js';
import { IndexerHarness, ROOM } from '../helpers/indexer-harness.js';

/**
 * The incremental index against the full summary: random writes from two replicas (one online,
 * one offline and merged later, so its messages land before the end), the server's own writes,
 * membership changes and room reloads, fed to a ConversationIndexer the way the sync server feeds
 * it; after every flush its rows must equal `summarize(doc, members)`.
 */

const PEOPLE = ['ann', 'ben', 'cat', 'dan'] as const;

/** Brings a replica up to date with the room. */
function pull(replica: Y.Doc, room: Y.Doc): void {
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room, Y.encodeStateVector(replica)));
}

const byIndex = <T>(items: readonly T[], pick: number): T | undefined => (items.length === 0 ? undefined : items[pick % items.length]);

const REPLICA_KINDS = ['send', 'send', 'send', 'reply', 'edit', 'delete', 'delete', 'read', 'read', 'read', 'deliver'] as const;
const SERVER_KINDS = ['system', 'sync', 'sync', 'reload', 'join', 'leave', 'restore', 'remove-entry', 'read-ahead'] as const;

/** One step: a person's write on replica `on` (0 online, 1 offline), or the server's own doing. */
interface Op {
  kind: (typeof REPLICA_KINDS)[number] | (typeof SERVER_KINDS)[number];
  on: 0 | 1;
  who: number;
  device: 'phone' | 'laptop';
  pick: number;
}

const op = (kinds: readonly Op['kind'][]): fc.Arbitrary<Op> =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    on: fc.constantFrom<0 | 1>(0, 0, 1),
    who: fc.nat(3),
    device: fc.constantFrom<'phone' | 'laptop'>('phone', 'laptop'),
    pick: fc.nat(50),
  });
const step = fc.record({ op: fc.oneof({ arbitrary: op(REPLICA_KINDS), weight: 4 }, { arbitrary: op(SERVER_KINDS), weight: 1 }), flush: fc.boolean() });

/** Applies one step to the room (helpers refusing a write, e.g. reading backwards, write nothing). */
function apply(h: IndexerHarness, replicas: Y.Doc[], op: Op): void {
  const who = PEOPLE[op.who] as string;
  if (op.kind === 'system') h.write((doc) => sendSystemMessage(doc, { event: { type: 'group.renamed', name: 'x', byUserId: who }, text: 'renamed' }));
  else if (op.kind === 'sync') {
    h.receive(replicas[1] as Y.Doc, who);
    pull(replicas[1] as Y.Doc, h.doc);
  } else if (op.kind === 'reload') h.reload();
  else if (op.kind === 'read-ahead') {
    // Validation lets a receipt name a message the room does not have yet; the next send brings it.
    const id = `ahead-${h.nextIds.length}-${op.pick}`;
    h.nextIds.push(id);
    h.write((doc) => conversationRoots(doc).receipts.set(`${who}:tablet`, { readMessageId: id, readAt: Date.now() }), who);
  }
  else if (op.kind === 'join' || op.kind === 'leave') {
    if (op.kind === 'join' ? h.members.has(who) : !h.members.has(who)) return;
    if (op.kind === 'join') h.members.add(who);
    else h.members.delete(who);
    h.write((doc) => sendSystemMessage(doc, { event: { type: 'member.left', userId: who }, text: `${who} changed` }));
  } else if (op.kind === 'restore') {
    // An edit after a deletion (a stale replica's edit winning): the message counts again.
    const deleted = listMessages(h.doc).filter((m) => m.deleted);
    const m = byIndex(deleted, op.pick);
    if (m) h.write((doc) => conversationRoots(doc).edits.set(m.id, { text: 'back', editedAt: Date.now() }));
  } else if (op.kind === 'remove-entry') {
    const { length } = conversationRoots(h.doc).messages;
    if (length > 0) h.write((doc) => conversationRoots(doc).messages.delete(op.pick % length));
  } else {
    const replica = replicas[op.on] as Y.Doc;
    const all = listMessages(replica);
    try {
      if (op.kind === 'send') sendMessage(replica, { author: who, text: 'hello', ...(h.nextIds.length > 0 ? { id: h.nextIds.shift() } : {}) });
      else if (op.kind === 'reply') sendMessage(replica, { author: who, text: 're', ...(all.length > 0 ? { replyTo: (all.at(-1) as MessageRecord).id } : {}) });
      else if (op.kind === 'edit' || op.kind === 'delete') {
        const m = byIndex(all.filter((x) => x.author === who && !x.deleted), op.pick);
        if (!m) return;
        if (op.kind === 'edit') editMessage(replica, { messageId: m.id, userId: who, text: `edited ${op.pick}` });
        else deleteMessage(replica, { messageId: m.id, userId: who });
      } else {
        // Often an older message (reading up to the middle), sometimes the newest.
        const m = op.pick % 4 === 0 ? all.at(-1) : byIndex(all, op.pick);
        if (!m) return;
        const input = { userId: who, messageId: m.id, device: op.device };
        if (op.kind === 'read') markRead(replica, input);
        else markDelivered(replica, input);
      }
    } catch (err) {
      if (!(err instanceof DocRuleError)) throw err;
      return;
    }
    // The online replica syncs at once; the offline one only on `sync`.
    if (op.on === 0) {
      h.receive(replica, who);
      pull(replica, h.doc);
    }
  }
}

const harnesses: IndexerHarness[] = [];
afterEach(() => harnesses.splice(0).forEach((h) => h.indexer.destroy()));

function harness(recentWindow = 5000): IndexerHarness {
  const h = new IndexerHarness(recentWindow);
  harnesses.push(h);
  return h;
}

/** Flushes and checks the rows against the full summary. */
function flushAndCheck(h: IndexerHarness): void {
  h.indexer.flush();
  expect(h.rows.get(ROOM)).toEqual(summarize(h.doc, h.members));
}

describe('incremental conversation index', () => {
  it('equals the full summary after every flush, whatever the writes', () => {
    let flushes = 0;
    let scans = 0;
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(1, 3, 5000),
        fc.tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 })).filter(([a, b]) => a !== b),
        (steps, recentWindow, [online, offline]) => {
          const h = harness(recentWindow);
          const replicas = [new Y.Doc(), new Y.Doc()];
          replicas[0]!.clientID = online;
          replicas[1]!.clientID = offline;
          for (const [i, { op, flush }] of steps.entries()) {
            apply(h, replicas, op);
            if (!flush && i < steps.length - 1) continue;
            flushes++;
            flushAndCheck(h);
          }
          scans += h.indexer.stats().fullScans;
          h.indexer.destroy();
        },
      ),
      { numRuns: 300 },
    );
    // Most flushes took the incremental path (the property holds for both paths).
    expect(scans).toBeLessThan(flushes / 2);
  });

  it('applies new messages, reads from two devices, edits and deletions near the end without scanning again', () => {
    const h = harness();
    const [phone, laptop] = [new Y.Doc(), new Y.Doc()];
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const who = PEOPLE[i % 3] as string;
      h.write((doc) => ids.push(sendMessage(doc, { author: who, text: `m${i}` }).id), who);
      if (i % 7 === 0) h.write((doc) => sendSystemMessage(doc, { event: { type: 'group.renamed', name: `n${i}`, byUserId: who }, text: 'renamed' }));
      if (i % 5 === 4) {
        pull(phone, h.doc);
        markRead(phone, { userId: 'ben', messageId: ids.at(-1) as string, device: 'phone' });
        h.receive(phone, 'ben');
      }
      if (i % 6 === 5) {
        pull(laptop, h.doc);
        markRead(laptop, { userId: 'ben', messageId: ids.at(-3) as string, device: 'laptop' });
        h.receive(laptop, 'ben');
      }
      if (i % 4 === 3) h.write((doc) => deleteMessage(doc, { messageId: ids.at(-2) as string, userId: PEOPLE[(i - 1) % 3] as string }));
      if (i % 9 === 8) h.write((doc) => editMessage(doc, { messageId: ids.at(-1) as string, userId: who, text: 'edited' }));
      flushAndCheck(h);
    }
    expect(h.rows.get(ROOM)?.reads.get('ben')?.readMessageId).toBeTruthy();
    expect(h.indexer.stats()).toEqual({ states: 1, fullScans: 1 });
  });

  it('scans again for what it cannot apply exactly: inserts before the end, removed entries, old messages, membership, reloads', () => {
    const h = harness(3);
    const scans = () => h.indexer.stats().fullScans;
    const offline = new Y.Doc();
    offline.clientID = 1; // lower than the room's: its concurrent messages go before the room's
    const ids: string[] = [];
    // Every other message from a device, so that each sits in its own Yjs item (one client's consecutive writes merge).
    const device = new Y.Doc();
    for (let i = 0; i < 6; i++) {
      if (i % 2 === 1) h.write((doc) => ids.push(sendMessage(doc, { author: 'ann', text: `m${i}` }).id), 'ann');
      else {
        pull(device, h.doc);
        ids.push(sendMessage(device, { author: 'ann', text: `m${i}` }).id);
        h.receive(device, 'ann');
      }
    }
    flushAndCheck(h);
    expect(scans()).toBe(1);

    pull(offline, h.doc);
    h.write((doc) => sendMessage(doc, { author: 'ann', text: 'online' }), 'ann');
    flushAndCheck(h);
    sendMessage(offline, { author: 'ben', text: 'written offline' });
    h.receive(offline, 'ben');
    expect(listMessages(h.doc).at(-1)?.text).toBe('online');
    flushAndCheck(h);
    expect(scans()).toBe(2);

    h.write((doc) => deleteMessage(doc, { messageId: ids[0] as string, userId: 'ann' }), 'ann'); // older than the 3 newest
    flushAndCheck(h);
    expect(scans()).toBe(3);

    h.write((doc) => conversationRoots(doc).messages.delete(0, 1));
    flushAndCheck(h);
    expect(scans()).toBe(4);

    // Membership is compared at each flush, however it changed (no event needed).
    h.members.add('dan');
    h.write((doc) => sendMessage(doc, { author: 'ann', text: 'welcome' }), 'ann');
    flushAndCheck(h);
    expect(scans()).toBe(5);

    h.reload();
    expect(h.indexer.stats().states).toBe(0);
    h.write((doc) => sendMessage(doc, { author: 'ann', text: 'after reload' }), 'ann');
    flushAndCheck(h);
    expect(scans()).toBe(6);

    h.write((doc) => sendMessage(doc, { author: 'ben', text: 'and on' }), 'ben');
    flushAndCheck(h);
    expect(scans()).toBe(6);
  });
});

describe('incremental summaries', () => {
  it('forget a conversation that sat idle, and count it in full next time', () => {
    const summaries = new IncrementalSummaries();
    const doc = new Y.Doc();
    sendMessage(doc, { author: 'ann', text: 'hi' });
    summaries.summary(ROOM, doc, ['ann', 'ben'], 1_000);
    summaries.sweep(1_000 + STATE_IDLE_MS);
    expect(summaries.stats()).toEqual({ states: 1, fullScans: 1 });
    summaries.sweep(1_001 + STATE_IDLE_MS);
    expect(summaries.stats()).toEqual({ states: 0, fullScans: 1 });
    sendMessage(doc, { author: 'ben', text: 'hello' });
    expect(summaries.summary(ROOM, doc, ['ann', 'ben'])).toEqual(summarize(doc, ['ann', 'ben']));
    expect(summaries.stats()).toEqual({ states: 1, fullScans: 2 });
    summaries.clear();
  });
});
