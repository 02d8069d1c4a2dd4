import type * as Y from 'yjs';
import { Notification } from '../api/social.js';

/**
 * The inbox document: one per user, written only by the server, holding that user's most recent
 * notifications so a client receives them live over sync and keeps them offline (y-indexeddb).
 * The REST list (GET /notifications) stays the complete, paginated history.
 */

/** The root: notification id → the notification exactly as GET /notifications shows it. */
export const INBOX_ROOT = 'notifications';
/** How many notifications an inbox keeps (older ones stay available over REST). */
export const INBOX_CAPACITY = 200;
/** Room names of inboxes start with this, then the user id (the sync URL is `/sync/inbox/<userId>`). */
export const INBOX_ROOM_PREFIX = 'inbox/';

export const inboxRoom = (userId: string) => `${INBOX_ROOM_PREFIX}${userId}`;
export const isInboxRoom = (room: string) => room.startsWith(INBOX_ROOM_PREFIX);

export function inboxRoot(doc: Y.Doc): Y.Map<Notification> {
  return doc.getMap<Notification>(INBOX_ROOT);
}

/** Adds (or replaces) a notification, dropping the oldest beyond INBOX_CAPACITY. Server only. */
export function putNotification(doc: Y.Doc, notification: Notification): void {
  const root = inboxRoot(doc);
  doc.transact(() => {
    root.set(notification.id, notification);
    // One over capacity after each put: drop the oldest (an entry without a usable time goes first).
    while (root.size > INBOX_CAPACITY) root.delete(oldestKey(root));
  });
}

function oldestKey(root: Y.Map<Notification>): string {
  let oldest: { key: string; at: string } | null = null;
  for (const [key, value] of root.entries()) {
    const at = typeof (value as { createdAt?: unknown } | null)?.createdAt === 'string' ? value.createdAt : '';
    if (oldest === null || at < oldest.at || (at === oldest.at && key < oldest.key)) oldest = { key, at };
  }
  return (oldest as { key: string }).key;
}

/** Marks notifications read (`'all'`: every one). Server only. */
export function markInboxRead(doc: Y.Doc, ids: readonly string[] | 'all'): void {
  const root = inboxRoot(doc);
  doc.transact(() => {
    for (const id of ids === 'all' ? [...root.keys()] : ids) {
      const n = root.get(id);
      if (n && !n.read) root.set(id, { ...n, read: true });
    }
  });
}

/** The inbox's notifications, newest first; entries that do not parse are skipped. */
export function listInbox(doc: Y.Doc): Notification[] {
  const items: Notification[] = [];
  for (const value of inboxRoot(doc).values()) {
    const parsed = Notification.safeParse(value);
    if (parsed.success) items.push(parsed.data);
  }
  return items.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

export const unreadInInbox = (doc: Y.Doc) => listInbox(doc).filter((n) => !n.read).length;

/**
 * Server → client "something changed" signals, sent through the inbox room's AWARENESS channel
 * (ephemeral: never stored, only for live sockets). Each key's value changes whenever that list
 * changed for the user: `conversations` for GET /conversations; `friends` for GET /friends (a
 * friend's presence included), the friend requests and the user's blocks; `requests` for the
 * friend requests alone, `blocks` for the blocks alone, so a client that knows them refetches only
 * what changed (`friends` stays the sum, for clients that know only it). Clients refetch on a new value.
 */
export const INBOX_SIGNAL_KEYS = ['conversations', 'friends', 'requests', 'blocks'] as const;
export type InboxSignalKey = (typeof INBOX_SIGNAL_KEYS)[number];
export type InboxSignal = Partial<Record<InboxSignalKey, number>>;

/**
 * The signal an awareness state carries, or null when it carries none or is not the server's: the
 * sync server stamps every state a client sends with `user`, so only the server's own has none.
 */
export function inboxSignalOf(state: unknown): InboxSignal | null {
  if (state === null || typeof state !== 'object' || 'user' in state) return null;
  const signal: InboxSignal = {};
  for (const key of INBOX_SIGNAL_KEYS) {
    const value = (state as Record<string, unknown>)[key];
    if (typeof value === 'number') signal[key] = value;
  }
  return Object.keys(signal).length > 0 ? signal : null;
}
