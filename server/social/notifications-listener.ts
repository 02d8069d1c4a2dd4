import type { EventBus } from '../events.js';
import type { ConversationsStore } from './conversations-store.js';
import type { NotificationsService } from './notifications-service.js';

/**
 * Turns social events into notifications (and friend-request mails), so the code that
 * changes the graph never needs to know who gets told. Returns a function that unsubscribes.
 */
export function subscribeNotifications(events: EventBus, notifications: NotificationsService, conversations: ConversationsStore): () => void {
  const groupName = (id: string) => conversations.byId(id)?.name ?? undefined;
  const off = [
    events.on('friend.request.sent', ({ requestId, fromUserId, toUserId }) => {
      notifications.notify(toUserId, 'friend_request.received', fromUserId, { requestId });
      notifications.mailFriendRequest(toUserId, fromUserId);
    }),
    events.on('friend.request.accepted', ({ requestId, fromUserId, toUserId }) => {
      notifications.notify(fromUserId, 'friend_request.accepted', toUserId, { requestId });
    }),
    events.on('conversation.member.added', ({ conversationId, type, userId, byUserId }) => {
      // Creators and direct chats need no notice: nobody else put them there.
      if (type !== 'group' || userId === byUserId) return;
      notifications.notify(userId, 'group.added', byUserId, { conversationId, groupName: groupName(conversationId) });
    }),
    events.on('conversation.member.removed', ({ conversationId, userId, byUserId }) => {
      notifications.notify(userId, 'group.removed', byUserId, { conversationId, groupName: groupName(conversationId) });
    }),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
