import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  conversationRoots,
  isPlainMessageRecord,
  markDelivered,
  AttachmentRecord,
  markRead,
  MAX_IMAGE_SIDE,
  MessageRecord,
  readPosition,
  receiptPositions,
  recordDimensions,
  sendMessage,
  toMessageView,
} from '../../shared/doc/index.js';

/** Image sides: valid ones, the edges of the range, and values of the wrong kind. */
const nearlySides = fc.oneof(
  fc.constantFrom(undefined, null, 1, 320, MAX_IMAGE_SIDE, 0, -1, MAX_IMAGE_SIDE + 1, 1.5, Number.NaN, Infinity, '40'),
  fc.integer({ min: -10, max: MAX_IMAGE_SIDE + 10 }),
);

/** Values close to an attachment record: with and without dimensions, one of them alone, out of range. */
const nearlyAttachments = fc.record(
  {
    id: fc.constantFrom('a1', 'bad id'),
    name: fc.constantFrom('photo.png', ''),
    mimeType: fc.constantFrom('image/png', 'text/plain'),
    size: fc.constantFrom(0, 42, -1),
    width: nearlySides,
    height: nearlySides,
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

/** Values close to a message record: valid ones and every way of being slightly wrong. */
const nearlyMessages = fc.record(
  {
    id: fc.oneof(fc.constantFrom('m1', 'a-b_c', 'x'.repeat(64), 'x'.repeat(65), '', 'bad id', 'é'), fc.string()),
    author: fc.oneof(fc.constantFrom('u1', 'system', ''), fc.string()),
    text: fc.oneof(fc.constantFrom('hi', '', 'x'.repeat(5000), 'x'.repeat(5001)), fc.string()),
    createdAt: fc.oneof(fc.constantFrom(Date.now(), 1_577_836_800_000, 1_577_836_799_999, 1.5e12 + 0.5, Number.NaN, Infinity, 8_640_000_000_000_001), fc.integer()),
    replyTo: fc.oneof(fc.constant(undefined), fc.constantFrom('m0', 'bad id', ''), fc.string()),
    mentions: fc.constantFrom(['u2'], ['bad id']),
    attachments: fc.array(nearlyAttachments, { maxLength: 2 }),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('fast paths of the document helpers', () => {
  it('isPlainMessageRecord accepts only what MessageRecord accepts', () => {
    fc.assert(
      fc.property(nearlyMessages, (value) => {
        if (isPlainMessageRecord(value)) expect(MessageRecord.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('isPlainMessageRecord takes the common shapes, and leaves the rest to the schema', () => {
    const base = { id: 'm1', author: 'u1', text: 'hi', createdAt: Date.now() };
    expect(isPlainMessageRecord(base)).toBe(true);
    expect(isPlainMessageRecord({ ...base, replyTo: 'm0' })).toBe(true);
    expect(isPlainMessageRecord({ ...base, mentions: ['u2'] })).toBe(false);
    expect(MessageRecord.safeParse({ ...base, mentions: ['u2'] }).success).toBe(true);
    expect(isPlainMessageRecord({ ...base, createdAt: 1.5 })).toBe(false);
    // Past what a Date can hold: the schema refuses it, so the fast check must too.
    expect(isPlainMessageRecord({ ...base, createdAt: 8_640_000_000_000_001 })).toBe(false);
    expect(isPlainMessageRecord(Object.assign(Object.create({ inherited: 1 }), base))).toBe(false);
    expect(isPlainMessageRecord([base])).toBe(false);
  });

  it('attachment records carry both dimensions or neither, each a whole number of pixels up to MAX_IMAGE_SIDE', () => {
    const base = { id: 'm1', author: 'u1', text: 'hi', createdAt: Date.now() };
    const photo = { id: 'a1', name: 'photo.png', mimeType: 'image/png', size: 42 };
    const valid = (attachment: object) => MessageRecord.safeParse({ ...base, attachments: [attachment] }).success;
    expect(valid(photo)).toBe(true);
    expect(valid({ ...photo, width: 4000, height: 3000 })).toBe(true);
    expect(valid({ ...photo, width: MAX_IMAGE_SIDE, height: 1 })).toBe(true);
    expect(valid({ ...photo, width: 4000 })).toBe(false);
    expect(valid({ ...photo, height: 3000 })).toBe(false);
    expect(valid({ ...photo, width: 0, height: 3000 })).toBe(false);
    expect(valid({ ...photo, width: MAX_IMAGE_SIDE + 1, height: 3000 })).toBe(false);
    // Records with attachments are never taken by the fast path: the schema decides.
    expect(isPlainMessageRecord({ ...base, attachments: [{ ...photo, width: 4, height: 3 }] })).toBe(false);
  });

  it('recordDimensions gives a record exactly the dimensions the schema accepts', () => {
    fc.assert(
      fc.property(nearlySides, nearlySides, (width, height) => {
        const dims = recordDimensions(width as number, height as number);
        const asStated = AttachmentRecord.safeParse({ id: 'a1', name: 'x', width, height });
        const bothGiven = width !== undefined && height !== undefined;
        expect(dims).toEqual(asStated.success && bothGiven ? { width, height } : {});
        expect(AttachmentRecord.safeParse({ id: 'a1', name: 'x', ...dims }).success).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('toMessageView agrees with the schema on validity, fast path or not', () => {
    fc.assert(
      fc.property(nearlyMessages, (value) => {
        const view = toMessageView(value, () => undefined);
        const parsed = MessageRecord.safeParse(value);
        expect(view !== null).toBe(parsed.success && (parsed.data.createdAt <= Date.now() + 24 * 3600_000));
      }),
      { numRuns: 2000 },
    );
  });

  it('receipt helpers give the same answers with a caller-kept index as with their own scan', () => {
    const doc = new Y.Doc();
    const ids = Array.from({ length: 20 }, (_, i) => sendMessage(doc, { author: i % 2 ? 'alice' : 'bob', text: `m${i}` }).id);
    const order = new Map(ids.map((id, i) => [id, i]));
    const indexOf = (id: string) => order.get(id);
    markRead(doc, { userId: 'alice', messageId: ids[5]!, device: 'laptop', indexOf });
    markRead(doc, { userId: 'alice', messageId: ids[9]!, device: 'phone' });
    markDelivered(doc, { userId: 'bob', messageId: ids[12]!, device: 'desk', indexOf });
    expect(markRead(doc, { userId: 'alice', messageId: ids[7]!, device: 'laptop', indexOf })).toBe(false);
    expect(receiptPositions(doc, indexOf)).toEqual(receiptPositions(doc));
    expect(receiptPositions(doc).get('alice')).toEqual({ read: 9, delivered: 9 });
    expect(readPosition(doc, 'alice', { indexOf })).toEqual(readPosition(doc, 'alice'));
    // What alice's other devices say, leaving the phone out.
    expect(readPosition(doc, 'alice', { exceptDevice: 'phone' })?.index).toBe(5);
    expect(readPosition(doc, 'alice', { exceptDevice: 'laptop' })?.index).toBe(9);
    expect(conversationRoots(doc).receipts.size).toBe(3);
  });
});
