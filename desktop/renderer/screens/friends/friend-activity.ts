import type { Notification } from '../../../../shared/api/social.js';

/** Inbox notifications that change the friends screen's lists. */
const FRIEND_TYPES: ReadonlySet<string> = new Set(['friend_request.received', 'friend_request.accepted']);

/**
 * A key that changes whenever the inbox brings a new friend notification (ids are never reused):
 * the id of the newest one, '' when there is none yet, null while the inbox has not loaded.
 */
export function friendActivity(feed: { items: readonly Pick<Notification, 'id' | 'type'>[] } | null): string | null {
  if (!feed) return null;
  return feed.items.find((n) => FRIEND_TYPES.has(n.type))?.id ?? '';
}
