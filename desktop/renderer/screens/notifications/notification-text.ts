import type { Notification } from '../../../../shared/api/social.js';
import { displayName } from '../../lib/names.js';
import { chatPath } from '../../lib/routes.js';

/** The sentence a notification shows (types this client does not know yet get a generic one). */
export function describe(n: Notification): string {
  const who = n.actor ? displayName(n.actor) : 'Someone';
  const group = n.groupName ?? 'a group';
  const type: string = n.type;
  if (type === 'friend_request.received') return `${who} sent you a friend request`;
  if (type === 'friend_request.accepted') return `${who} accepted your friend request`;
  if (type === 'group.added') return `${who} added you to ${group}`;
  if (type === 'group.removed') return `You were removed from ${group}`;
  if (type === 'message.new') return `New messages from ${who}${n.groupName ? ` in ${n.groupName}` : ''}`;
  if (type === 'message.mention') return `${who} mentioned you${n.groupName ? ` in ${n.groupName}` : ''}`;
  return 'Something happened in Parley';
}

/** Where a click on a notification leads. */
export function target(n: Notification): string | null {
  if (n.type.startsWith('friend_request')) return '/friends';
  if (n.type !== 'group.removed' && n.conversationId) return chatPath(n.conversationId);
  return null;
}
