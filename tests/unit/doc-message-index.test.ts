import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRoots, DocRuleError, findMessage, sendMessage } from '../../shared/doc/index.js';

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
