import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRoots, deleteMessage, editMessage, listMessages, sendMessage } from '../../shared/doc/index.js';
import { Timeline, type TimelineChange } from '../../desktop/renderer/screens/chats/timeline.js';

const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
};

/** Everything the timeline shows, in order. */
const shown = (t: Timeline) => Array.from({ length: t.length }, (_, i) => t.at(i));

describe('Timeline: the incremental message list of the chat view', () => {
  it('starts from what the doc holds and follows appends, reporting them with their origin', () => {
    const doc = new Y.Doc();
    const first = sendMessage(doc, { author: 'alice', text: 'one' });
    const timeline = new Timeline(doc);
    const changes: TimelineChange[] = [];
    timeline.subscribe((c) => changes.push(c));
    expect(timeline.length).toBe(1);
    expect(timeline.at(0)).toMatchObject({ id: first.id, text: 'one', deleted: false });

    const remote = new Y.Doc();
    sync(doc, remote);
    const second = sendMessage(remote, { author: 'bob', text: 'two' });
    sync(remote, doc);
    expect(timeline.length).toBe(2);
    expect(timeline.at(-1)).toMatchObject({ id: second.id, text: 'two' });
    expect(timeline.idAt(1)).toBe(second.id);
    expect(changes.at(-1)).toMatchObject({ origin: 'remote', appended: [{ id: second.id }] });
    expect(timeline.version).toBe(changes.length);
  });

  it('applies edits and deletions to the edited message only, keeping the others as they were', () => {
    const doc = new Y.Doc();
    const a = sendMessage(doc, { author: 'alice', text: 'a' });
    const b = sendMessage(doc, { author: 'alice', text: 'b' });
    const timeline = new Timeline(doc);
    const before = timeline.at(0);
    const changes: TimelineChange[] = [];
    timeline.subscribe((c) => changes.push(c));
    editMessage(doc, { messageId: b.id, userId: 'alice', text: 'b, edited' });
    expect(timeline.at(1)).toMatchObject({ text: 'b, edited', deleted: false });
    expect(timeline.at(0)).toBe(before);
    deleteMessage(doc, { messageId: a.id, userId: 'alice' });
    expect(timeline.at(0)).toMatchObject({ text: '', deleted: true });
    expect(changes.map((c) => c.appended.length)).toEqual([0, 0]);
  });

  it('places messages merged in from another device where the doc puts them, and reports no arrival', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    // Concurrent inserts at one place are ordered by client id: bob's lower one goes first, so his
    // message lands before alice's own, in the middle of her list.
    a.clientID = 2;
    b.clientID = 1;
    sendMessage(a, { author: 'alice', text: 'base' });
    sync(a, b);
    sendMessage(a, { author: 'alice', text: 'alice offline' });
    sendMessage(b, { author: 'bob', text: 'bob offline' });
    const timeline = new Timeline(a);
    const changes: TimelineChange[] = [];
    timeline.subscribe((c) => changes.push(c));
    sync(a, b);
    expect(shown(timeline).map((m) => m?.text)).toEqual(listMessages(a).map((m) => m.text));
    for (const m of listMessages(a)) expect(timeline.byId(m.id)?.text).toBe(m.text);
    expect(listMessages(a).map((m) => timeline.viewIndexOf(m.id))).toEqual([0, 1, 2]);
    expect(shown(timeline).map((m) => m?.text)).toEqual(['base', 'bob offline', 'alice offline']);
    // A change was reported, but nothing in it counts as a new message arriving at the end.
    expect(changes).toEqual([{ appended: [], origin: 'remote' }]);
  });

  it('leaves invalid entries out, and keeps doc and view positions apart for them', () => {
    const doc = new Y.Doc();
    const a = sendMessage(doc, { author: 'alice', text: 'a' });
    conversationRoots(doc).messages.push([{ id: 'broken', author: 'alice', text: '', createdAt: Date.now() }]);
    const timeline = new Timeline(doc);
    const c = sendMessage(doc, { author: 'bob', text: 'c' });
    expect(shown(timeline).map((m) => m?.id)).toEqual([a.id, c.id]);
    expect(timeline.docIndexOf(c.id)).toBe(2);
    expect(timeline.viewIndexOf(c.id)).toBe(1);
    expect(timeline.findAfter(-1, (m) => m.author === 'bob')).toBe(1);
    expect(timeline.countAfter(0, () => true)).toBe(1);
  });

  it('finds old messages in a long history (past the recent ones it scans first)', () => {
    const doc = new Y.Doc();
    const records = Array.from({ length: 5000 }, (_, i) => ({ id: `m${i}`, author: 'alice', text: `n${i}`, createdAt: Date.now() - 5000 + i }));
    conversationRoots(doc).messages.push(records);
    const timeline = new Timeline(doc);
    expect(timeline.docIndexOf('m4990')).toBe(4990);
    expect(timeline.byId('m3')?.text).toBe('n3');
    expect(timeline.docIndexOf('nope')).toBeUndefined();
    sendMessage(doc, { author: 'bob', text: 'new', id: 'm5000' });
    expect(timeline.docIndexOf('m5000')).toBe(5000);
    expect(timeline.length).toBe(5001);
  });

  it('always shows exactly what listMessages reads from scratch, whatever two devices do', () => {
    type Op = { device: 0 | 1; kind: 'send' | 'edit' | 'delete' | 'sync'; pick: number };
    const op = fc.record({ device: fc.constantFrom<0 | 1>(0, 1), kind: fc.constantFrom<Op['kind']>('send', 'send', 'edit', 'delete', 'sync'), pick: fc.nat() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const docs = [new Y.Doc(), new Y.Doc()] as const;
        const users = ['alice', 'bob'];
        const timeline = new Timeline(docs[0]);
        for (const { device, kind, pick } of ops) {
          const doc = docs[device];
          const mine = listMessages(doc).filter((m) => m.author === users[device] && !m.deleted);
          const target = mine[pick % Math.max(1, mine.length)];
          if (kind === 'send') sendMessage(doc, { author: users[device]!, text: `t${pick}` });
          else if (kind === 'sync') sync(docs[0], docs[1]);
          else if (target && kind === 'edit') editMessage(doc, { messageId: target.id, userId: users[device]!, text: `e${pick}` });
          else if (target) deleteMessage(doc, { messageId: target.id, userId: users[device]! });
          expect(shown(timeline)).toEqual(listMessages(docs[0]));
        }
        timeline.destroy();
      }),
      { numRuns: 150 },
    );
  });
});
