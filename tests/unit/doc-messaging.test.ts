import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  deleteMessage,
  DocRuleError,
  extractMentions,
  listMessages,
  markDelivered,
  markRead,
  receiptPositions,
  sendMessage,
  sendSystemMessage,
  SYSTEM_AUTHOR,
} from '../../shared/doc/index.js';
import { summarize } from '../../server/messaging/indexer.js';

describe('messaging helpers of the conversation document', () => {
  it('finds @username mentions, not e-mail addresses', () => {
    expect(extractMentions('hi @Alice and @bob.smith, mail me@example.com; @al')).toEqual(['alice', 'bob.smith']);
    expect(extractMentions('@carol. @carol!')).toEqual(['carol']);
  });

  it('replies must name a message in the document; system messages carry their event', () => {
    const doc = new Y.Doc();
    const m = sendMessage(doc, { author: 'alice', text: 'hi' });
    expect(() => sendMessage(doc, { author: 'bob', text: 're', replyTo: 'nope' })).toThrow(DocRuleError);
    expect(sendMessage(doc, { author: 'bob', text: 're', replyTo: m.id }).replyTo).toBe(m.id);
    expect(() => sendMessage(doc, { author: SYSTEM_AUTHOR, text: 'fake' })).toThrow(DocRuleError);
    const s = sendSystemMessage(doc, { event: { type: 'member.left', userId: 'bob' }, text: 'bob left' });
    expect(s).toMatchObject({ author: SYSTEM_AUTHOR, system: { type: 'member.left', userId: 'bob' } });
    expect(listMessages(doc).map((x) => x.author)).toEqual(['alice', 'bob', SYSTEM_AUTHOR]);
  });

  it('delivered and read positions are the furthest over a user’s devices; reading implies delivery', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2, 3].map((i) => sendMessage(doc, { author: 'alice', text: `m${i}` }).id);
    expect(markDelivered(doc, { userId: 'bob', messageId: ids[3] as string, device: 'phone' })).toBe(true);
    expect(markDelivered(doc, { userId: 'bob', messageId: ids[1] as string, device: 'laptop' })).toBe(false);
    markRead(doc, { userId: 'bob', messageId: ids[2] as string, device: 'laptop' });
    markRead(doc, { userId: 'carol', messageId: ids[1] as string });
    expect(receiptPositions(doc).get('bob')).toEqual({ read: 2, delivered: 3 });
    expect(receiptPositions(doc).get('carol')).toEqual({ read: 1, delivered: 1 });
  });

  it('summarize counts unread messages of others after each member’s position, skipping system and deleted ones', () => {
    const doc = new Y.Doc();
    const a1 = sendMessage(doc, { author: 'alice', text: 'a1' });
    sendMessage(doc, { author: 'bob', text: 'b1' });
    sendSystemMessage(doc, { event: { type: 'member.left', userId: 'dave' }, text: 'dave left' });
    const a2 = sendMessage(doc, { author: 'alice', text: 'a2' });
    const a3 = sendMessage(doc, { author: 'alice', text: 'a3' });
    deleteMessage(doc, { messageId: a3.id, userId: 'alice' });
    markRead(doc, { userId: 'bob', messageId: a1.id });
    const summary = summarize(doc, ['alice', 'bob', 'carol']);
    expect(summary.messageCount).toBe(4);
    expect(summary.last).toMatchObject({ id: a3.id, text: null, deleted: true });
    expect(summary.reads.get('bob')).toEqual({ readMessageId: a1.id, unread: 1 });
    expect(summary.reads.get('alice')).toEqual({ readMessageId: null, unread: 1 });
    expect(summary.reads.get('carol')).toEqual({ readMessageId: null, unread: 3 });
    expect(a2.text).toBe('a2');
  });
});
