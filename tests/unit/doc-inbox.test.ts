import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Notification } from '../../shared/api/social.js';
import { INBOX_CAPACITY, inboxRoot, listInbox, markInboxRead, putNotification, unreadInInbox } from '../../shared/doc/index.js';

const note = (i: number): Notification => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'message.new',
  actor: null,
  conversationId: '10000000-0000-4000-8000-000000000000',
  createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
  read: false,
});

describe('inbox document helpers', () => {
  it('lists newest first and keeps only the newest INBOX_CAPACITY', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < INBOX_CAPACITY + 5; i++) putNotification(doc, note(i));
    const items = listInbox(doc);
    expect(items).toHaveLength(INBOX_CAPACITY);
    expect(items[0]).toEqual(note(INBOX_CAPACITY + 4));
    expect(items.at(-1)).toEqual(note(5));
  });

  it('marks some or all read, ignoring unknown ids', () => {
    const doc = new Y.Doc();
    [1, 2, 3].forEach((i) => putNotification(doc, note(i)));
    markInboxRead(doc, [note(1).id, 'unknown']);
    expect(unreadInInbox(doc)).toBe(2);
    expect(listInbox(doc).find((n) => n.id === note(1).id)?.read).toBe(true);
    markInboxRead(doc, 'all');
    expect(unreadInInbox(doc)).toBe(0);
  });

  it('skips entries that do not parse as notifications', () => {
    const doc = new Y.Doc();
    putNotification(doc, note(1));
    (inboxRoot(doc) as Y.Map<unknown>).set('junk', { id: 'junk' });
    expect(listInbox(doc)).toEqual([note(1)]);
  });
});
