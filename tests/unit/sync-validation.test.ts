import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRoots, sendMessage } from '../../shared/doc/index.js';
import { validateUpdate, type RoomView } from '../../server/sync/validation.js';
import { capture } from '../helpers/yjs.js';

/** A room document with its ownership table, accepting updates the way the sync server does. */
class TestRoom {
  readonly doc = new Y.Doc();
  readonly owners = new Map<number, string>();

  constructor() {
    conversationRoots(this.doc);
  }

  view(): RoomView {
    const authors = new Map(conversationRoots(this.doc).messages.toArray().map((m) => [m.id, m.author]));
    return { doc: this.doc, ownerOf: (c) => this.owners.get(c), authorOf: (id) => authors.get(id) };
  }

  offer(update: Uint8Array, userId: string) {
    const verdict = validateUpdate(update, userId, this.view(), { maxUpdateBytes: 1 << 20, maxClockAdvance: 1 << 20, now: Date.now() });
    if (verdict.ok) {
      verdict.claims.forEach((c) => this.owners.set(c, userId));
      Y.applyUpdate(this.doc, update);
    }
    return verdict;
  }
}


describe('validateUpdate', () => {
  it('accepts an update that overlaps what the room already has (step 2 racing a live update)', () => {
    const room = new TestRoom();
    const client = new Y.Doc();
    const first = capture(client, (d) => sendMessage(d, { author: 'u1', text: 'one' }));
    const svBefore = Y.encodeStateVector(room.doc);
    expect(room.offer(first, 'u1').ok).toBe(true);
    capture(client, (d) => sendMessage(d, { author: 'u1', text: 'two' }));
    // The client answers a step 1 sent before `first` arrived: its step 2 repeats `first`.
    const step2 = Y.encodeStateAsUpdate(client, svBefore);
    // Only what is new counts as added: `two`, not the repeated `one`.
    expect(room.offer(step2, 'u1')).toMatchObject({ ok: true, claims: [], messages: [{ text: 'two' }] });
    expect(conversationRoots(room.doc).messages.toArray().map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('claims a new client id for its first writer only', () => {
    const room = new TestRoom();
    const client = new Y.Doc();
    const verdict = room.offer(capture(client, (d) => sendMessage(d, { author: 'u1', text: 'hi' })), 'u1');
    expect(verdict).toMatchObject({ ok: true, claims: [client.clientID], messages: [{ author: 'u1', text: 'hi' }] });
    const next = capture(client, (d) => sendMessage(d, { author: 'u2', text: 'hi' }));
    expect(room.offer(next, 'u2')).toMatchObject({ ok: false, code: 4400 });
  });

  it('refuses values nested deeper than the schema allows', () => {
    const room = new TestRoom();
    let deep: unknown = 'x';
    for (let i = 0; i < 10; i++) deep = { deep };
    const update = capture(new Y.Doc(), (d) =>
      d.getArray('messages').push([{ id: 'm', author: 'u1', text: 'x', createdAt: Date.now(), attachments: [deep] }]),
    );
    expect(room.offer(update, 'u1')).toMatchObject({ ok: false, reason: 'message nested too deeply' });
  });

  it('lets an author edit a message sent in the same update, and delete their own items', () => {
    const room = new TestRoom();
    const client = new Y.Doc();
    const both = capture(client, (d) => {
      const m = sendMessage(d, { author: 'u1', text: 'draft' });
      d.getMap('edits').set(m.id, { text: 'final', editedAt: Date.now() });
      d.getMap('receipts').set('u1:laptop', { readMessageId: m.id, readAt: Date.now() });
    });
    expect(room.offer(both, 'u1').ok).toBe(true);
    const del = capture(client, (d) => d.getArray('messages').delete(0, 1));
    expect(room.offer(del, 'u1').ok).toBe(true);
    expect(conversationRoots(room.doc).messages.length).toBe(0);
  });

  it('refuses an array entry written into a map root through a crafted origin', () => {
    const room = new TestRoom();
    const client = new Y.Doc();
    expect(room.offer(capture(client, (d) => d.getMap('receipts').set('u1', { readAt: Date.now() })), 'u1').ok).toBe(true);
    // Same key again: its origin is the previous receipt; fine.
    expect(room.offer(capture(client, (d) => d.getMap('receipts').set('u1', { readAt: Date.now() })), 'u1').ok).toBe(true);
    // Another user's key, reached by origin only (no explicit parent in the encoding).
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc));
    const forged = capture(other, (d) => d.getMap('receipts').set('u1', { readAt: Date.now() }));
    expect(room.offer(forged, 'u2')).toMatchObject({ ok: false, reason: 'receipt key of another user' });
  });

  it("accepts a step 2 repeating others' deletions the room already has, refuses new ones", () => {
    const room = new TestRoom();
    const a = new Y.Doc();
    const b = new Y.Doc();
    const m = capture(a, (d) => sendMessage(d, { author: 'u1', text: 'one' }));
    expect(room.offer(m, 'u1').ok).toBe(true);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(room.doc));
    // b deletes u1's message: refused.
    const bDeletes = capture(new Y.Doc(), (d) => {
      Y.applyUpdate(d, Y.encodeStateAsUpdate(room.doc));
      d.getArray('messages').delete(0, 1);
    });
    expect(room.offer(bDeletes, 'u2')).toMatchObject({ ok: false, reason: 'delete of items the sender does not own' });
    // u1 deletes it; then b's full-state step 2 (which includes that deletion) is a no-op for it.
    expect(room.offer(capture(a, (d) => d.getArray('messages').delete(0, 1)), 'u1').ok).toBe(true);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(room.doc));
    capture(b, (d) => sendMessage(d, { author: 'u2', text: 'two' }));
    const step2 = Y.encodeStateAsUpdate(b, Y.encodeStateVector(room.doc));
    expect(room.offer(step2, 'u2').ok).toBe(true);
  });
});
