import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRoots, DocRuleError, findMessage, markDelivered, markRead, messageOrder, receiptPositions, sendMessage } from '../../shared/doc/index.js';
import { MessageIndex } from '../../shared/doc/message-index.js';

const AUTHOR = '00000000-0000-4000-8000-000000000001';

/** findMessage and the duplicate check use a per-document index that must follow every change. */
describe('message lookup by id', () => {
  it('sees messages sent earlier in the same transaction (duplicate ids refused)', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      sendMessage(doc, { id: 'm-1', author: AUTHOR, text: 'one' });
      expect(findMessage(doc, 'm-1')?.text).toBe('one');
      expect(() => sendMessage(doc, { id: 'm-1', author: AUTHOR, text: 'again' })).toThrow(DocRuleError);
    });
    expect(conversationRoots(doc).messages.length).toBe(1);
  });

  it('finds messages that arrived from another replica, and replies to them', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(findMessage(b, 'm-2')).toBeUndefined(); // index built before the remote message arrives
    sendMessage(a, { id: 'm-2', author: AUTHOR, text: 'from a' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(findMessage(b, 'm-2')?.text).toBe('from a');
    expect(sendMessage(b, { author: AUTHOR, text: 'reply', replyTo: 'm-2' }).replyTo).toBe('m-2');
  });

  it('forgets items removed from the array', () => {
    const doc = new Y.Doc();
    sendMessage(doc, { id: 'm-3', author: AUTHOR, text: 'gone soon' });
    expect(findMessage(doc, 'm-3')).toBeDefined();
    conversationRoots(doc).messages.delete(0, 1);
    expect(findMessage(doc, 'm-3')).toBeUndefined();
  });
});

/** Positions as a scan finds them: the reference the index must agree with. */
const scanned = (doc: Y.Doc) => conversationRoots(doc).messages.toArray().map((m) => m.id);
const fullWalks = (doc: Y.Doc) => MessageIndex.of(doc, conversationRoots(doc).messages).fullWalks;

/** Receipt helpers find positions through the index; they must equal the array's, and appends must not rescan. */
describe('message positions', () => {
  it('follow appends, merges before the end, removals and sends inside a transaction', () => {
    const step = fc.record({ kind: fc.constantFrom('send', 'send', 'offline', 'merge', 'remove', 'batch'), pick: fc.nat(40) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const room = new Y.Doc();
        const offline = new Y.Doc();
        offline.clientID = 1; // lower than the room's: its concurrent messages go before the room's
        const check = () => scanned(room).forEach((id, i) => expect(messageOrder(room)(id)).toBe(i));
        check();
        for (const { kind, pick } of steps) {
          const { messages } = conversationRoots(room);
          if (kind === 'send') sendMessage(room, { author: AUTHOR, text: 'online' });
          else if (kind === 'offline') sendMessage(offline, { author: AUTHOR, text: 'offline' });
          else if (kind === 'merge') {
            Y.applyUpdate(room, Y.encodeStateAsUpdate(offline));
            Y.applyUpdate(offline, Y.encodeStateAsUpdate(room));
          } else if (kind === 'remove' && messages.length > 0) messages.delete(pick % messages.length, 1);
          else if (kind === 'batch') {
            room.transact(() => {
              if (messages.length > 0 && pick % 2 === 0) messages.delete(pick % messages.length, 1);
              const sent = sendMessage(room, { author: AUTHOR, text: 'batch' });
              expect(messageOrder(room)(sent.id)).toBe(messages.length - 1);
              expect(markRead(room, { userId: 'bob', messageId: sent.id })).toBe(true);
            });
          }
          check();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('are found without a scan when messages are appended, from this replica or another', () => {
    const room = new Y.Doc();
    const other = new Y.Doc();
    const ids = Array.from({ length: 2000 }, (_, i) => sendMessage(room, { author: AUTHOR, text: `m${i}` }).id);
    expect(markRead(room, { userId: 'bob', messageId: ids[10] as string })).toBe(true);
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room));
    for (let i = 0; i < 50; i++) {
      const fromOther = sendMessage(other, { author: AUTHOR, text: `other ${i}` });
      Y.applyUpdate(room, Y.encodeStateAsUpdate(other, Y.encodeStateVector(room)));
      const own = sendMessage(room, { author: AUTHOR, text: `own ${i}` });
      expect(markRead(room, { userId: 'bob', messageId: fromOther.id })).toBe(true);
      expect(markDelivered(room, { userId: 'carol', messageId: own.id })).toBe(true);
      expect(markRead(room, { userId: 'bob', messageId: ids[5] as string })).toBe(false);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(room, Y.encodeStateVector(other)));
    }
    expect(receiptPositions(room).get('carol')?.delivered).toBe(2099);
    // One walk when first asked for, none for what was appended afterwards; none where never asked.
    expect(fullWalks(room)).toBe(1);
    expect(fullWalks(other)).toBe(0);
  });

  it('are walked again once after a merge before the end, not on every lookup', () => {
    const room = new Y.Doc();
    const offline = new Y.Doc();
    offline.clientID = 1;
    sendMessage(room, { author: AUTHOR, text: 'first' });
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(room));
    const early = sendMessage(offline, { author: AUTHOR, text: 'written offline' });
    const late = sendMessage(room, { author: AUTHOR, text: 'online' });
    expect(messageOrder(room)(late.id)).toBe(1);
    Y.applyUpdate(room, Y.encodeStateAsUpdate(offline));
    expect(scanned(room)).toEqual([expect.any(String), early.id, late.id]);
    expect(messageOrder(room)(late.id)).toBe(2);
    expect(messageOrder(room)(early.id)).toBe(1);
    expect(markRead(room, { userId: 'bob', messageId: late.id })).toBe(true);
    expect(fullWalks(room)).toBe(2);
  });
});
