import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  deleteMessage,
  DocRuleError,
  editMessage,
  EditRecord,
  jsonDepth,
  listMessages,
  markRead,
  MessageRecord,
  readPosition,
  receiptKeyUser,
  sendMessage,
} from '../../shared/doc/index.js';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
};

describe('conversation document helpers', () => {
  it('sends, edits and deletes with the rules of the schema', () => {
    const doc = new Y.Doc();
    const m = sendMessage(doc, { author: 'alice', text: 'hi' });
    expect(() => sendMessage(doc, { author: 'alice', text: '' })).toThrow(DocRuleError);
    expect(() => sendMessage(doc, { author: 'alice', text: 'x'.repeat(5001) })).toThrow(DocRuleError);
    expect(() => sendMessage(doc, { author: 'alice', text: 'dup', id: m.id })).toThrow(DocRuleError);
    expect(() => editMessage(doc, { messageId: m.id, userId: 'bob', text: 'mine' })).toThrow(DocRuleError);
    editMessage(doc, { messageId: m.id, userId: 'alice', text: 'hello' });
    expect(listMessages(doc)[0]).toMatchObject({ text: 'hello', deleted: false });
    deleteMessage(doc, { messageId: m.id, userId: 'alice' });
    expect(listMessages(doc)[0]).toMatchObject({ text: '', deleted: true });
    expect(() => editMessage(doc, { messageId: m.id, userId: 'alice', text: 'back' })).toThrow(DocRuleError);
  });

  it('validates shapes strictly', () => {
    const base = { id: 'm1', author: 'u1', text: 'x', createdAt: Date.now() };
    expect(MessageRecord.safeParse(base).success).toBe(true);
    expect(MessageRecord.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(MessageRecord.safeParse({ ...base, createdAt: 5 }).success).toBe(false);
    expect(EditRecord.safeParse({ editedAt: Date.now() }).success).toBe(false);
    expect(receiptKeyUser('u1:phone')).toBe('u1');
    expect(receiptKeyUser('u1:bad device')).toBeNull();
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(jsonDepth(deep, 10)).toBeGreaterThan(10);
  });

  it('never moves a read position backwards, even with devices syncing concurrently', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 9 }), fc.boolean()), { maxLength: 30 }), (ops) => {
        const devices = [new Y.Doc(), new Y.Doc(), new Y.Doc()] as const;
        const ids = Array.from({ length: 10 }, (_, i) => sendMessage(devices[0], { author: 'other', text: `m${i}`, id: `m${i}` }).id);
        devices.forEach((d) => sync(devices[0], d));
        let seen = -1;
        for (const [device, target, syncNow] of ops) {
          const doc = devices[device] as Y.Doc;
          markRead(doc, { userId: 'me', messageId: ids[target] as string, device: `d${device}` });
          if (syncNow) devices.forEach((d) => sync(doc, d));
          const merged = new Y.Doc();
          devices.forEach((d) => Y.applyUpdate(merged, Y.encodeStateAsUpdate(d)));
          const position = readPosition(merged, 'me')?.index ?? -1;
          expect(position).toBeGreaterThanOrEqual(seen);
          seen = position;
        }
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
