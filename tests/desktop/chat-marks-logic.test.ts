import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conversationRoots, sendMessage, type MessageView, type ReceiptPosition } from '../../shared/doc/index.js';
import { chatNotice, type ChatNoticeInput } from '../../desktop/renderer/screens/chats/chat-notice.js';
import { deliveryLabel, deliveryOf } from '../../desktop/renderer/screens/chats/delivery.js';
import { Timeline } from '../../desktop/renderer/screens/chats/timeline.js';
import { unreadLabel, unreadMarker } from '../../desktop/renderer/screens/chats/unread.js';

const positions = (entries: Record<string, ReceiptPosition>) => new Map(Object.entries(entries));

describe('delivery marks of own messages', () => {
  const others = ['bob', 'carol'];

  it('goes pending → sent → delivered → read as the receipts of others move past the message', () => {
    expect(deliveryOf(4, true, positions({ bob: { read: 9, delivered: 9 } }), others).state).toBe('pending');
    expect(deliveryOf(4, false, positions({}), others)).toEqual({ state: 'sent', seenBy: [] });
    expect(deliveryOf(4, false, positions({ bob: { read: -1, delivered: 3 } }), others).state).toBe('sent');
    expect(deliveryOf(4, false, positions({ bob: { read: -1, delivered: 4 } }), others).state).toBe('delivered');
    expect(deliveryOf(4, false, positions({ bob: { read: 2, delivered: 8 }, carol: { read: 5, delivered: 5 } }), others)).toEqual({ state: 'read', seenBy: ['carol'] });
  });

  it("ignores the writer's own receipts and people no longer in the conversation", () => {
    expect(deliveryOf(4, false, positions({ alice: { read: 9, delivered: 9 }, mallory: { read: 9, delivered: 9 } }), others).state).toBe('sent');
  });

  it('says who has seen it', () => {
    const names: Record<string, string> = { bob: 'Bob', carol: 'Carol' };
    expect(deliveryLabel({ state: 'read', seenBy: ['bob', 'carol'] }, (id) => names[id]!)).toBe('Seen by Bob, Carol');
    expect(deliveryLabel({ state: 'delivered', seenBy: [] }, String)).toBe('Delivered');
    expect(deliveryLabel({ state: 'pending', seenBy: [] }, String)).toMatch(/Pending/);
  });
});

describe('unread divider', () => {
  const history = () => {
    const doc = new Y.Doc();
    const ids = ['alice', 'bob', 'bob', 'alice', 'bob', 'bob'].map((author, i) => sendMessage(doc, { author, text: `m${i}` }).id);
    return { doc, ids, timeline: new Timeline(doc) };
  };

  it('sits at the first message from someone else after the read position and counts those', () => {
    const { timeline } = history();
    expect(unreadMarker(timeline, 0, 'alice')).toEqual({ index: 1, count: 4 });
    expect(unreadMarker(timeline, 2, 'alice')).toEqual({ index: 4, count: 2 });
    expect(unreadMarker(timeline, -1, 'bob')).toEqual({ index: 0, count: 2 });
    expect(unreadMarker(timeline, 5, 'alice')).toBeNull();
    expect(unreadMarker(timeline, 3, 'bob')).toBeNull();
  });

  it('does not count system notices', () => {
    const { doc, timeline } = history();
    conversationRoots(doc).messages.push([{ id: 'sys1', author: 'system', text: 'bob renamed the group', createdAt: Date.now(), system: { type: 'group.renamed', name: 'x', byUserId: 'bob' } }]);
    expect(unreadMarker(timeline, 5, 'alice')).toBeNull();
  });

  it('reads naturally', () => {
    expect(unreadLabel(1)).toBe('1 new message');
    expect(unreadLabel(100000)).toBe('100000 new messages');
  });
});

describe('native notification for the open conversation', () => {
  const message = (author: string, text: string, extra: Partial<MessageView> = {}): MessageView => ({ id: `${author}-${text}`, author, text, createdAt: Date.now(), deleted: false, ...extra });
  const base: ChatNoticeInput = {
    arrived: [message('bob', 'Lunch?')],
    selfId: 'alice',
    conversationId: 'c1',
    groupName: undefined,
    nameOf: (id) => ({ bob: 'Bob', carol: 'Carol' })[id] ?? 'Someone',
    enabled: true,
    inFront: false,
  };

  it('shows who wrote what, and opens the conversation on click', () => {
    expect(chatNotice(base)).toEqual({ title: 'Bob', body: 'Lunch?', path: '/c/c1' });
    expect(chatNotice({ ...base, groupName: 'Weekend trip' })?.title).toBe('Bob in Weekend trip');
  });

  it('sums up several arrivals with the newest one', () => {
    const arrived = [message('bob', 'one'), message('alice', 'mine'), message('carol', 'two')];
    expect(chatNotice({ ...base, arrived })).toMatchObject({ title: 'Carol', body: 'two (+1 more)' });
  });

  it('keeps long texts short', () => {
    const body = chatNotice({ ...base, arrived: [message('bob', 'x'.repeat(500))] })!.body;
    expect(body.length).toBe(200);
    expect(body.endsWith('…')).toBe(true);
  });

  it('stays silent when the setting is off, the user looks at the chat, or nothing is from someone else', () => {
    expect(chatNotice({ ...base, enabled: false })).toBeNull();
    expect(chatNotice({ ...base, inFront: true })).toBeNull();
    expect(chatNotice({ ...base, arrived: [message('alice', 'my own')] })).toBeNull();
    expect(chatNotice({ ...base, arrived: [message('system', 'bob joined', { system: { type: 'member.left', userId: 'bob' } })] })).toBeNull();
    expect(chatNotice({ ...base, arrived: [message('bob', 'gone', { deleted: true })] })).toBeNull();
    expect(chatNotice({ ...base, arrived: [] })).toBeNull();
  });
});
