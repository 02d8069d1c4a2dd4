import type { EventBus } from '../events.js';
import type { SyncServer } from './sync-server.js';

/**
 * Membership changes from the social graph reach live sockets here: a user who leaves or is
 * removed loses their sockets in that room (4403), an archived group closes entirely (4404).
 * Returns the unsubscribe function.
 */
export function bridgeMembershipToSync(events: EventBus, sync: SyncServer): () => void {
  const offs = [
    events.on('conversation.member.removed', (e) => sync.closeUserInRoom(e.conversationId, e.userId)),
    events.on('conversation.member.left', (e) => sync.closeUserInRoom(e.conversationId, e.userId)),
    events.on('group.archived', (e) => sync.closeRoom(e.conversationId)),
  ];
  return () => offs.forEach((off) => off());
}
