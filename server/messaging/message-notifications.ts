import { isSystemMessage, type MessageRecord } from '../../shared/doc/index.js';
import type { ConversationFactsCache } from '../social/conversation-facts.js';
import type { NotificationsService } from '../social/notifications-service.js';
import type { AcceptedEvent } from '../sync/sync-server.js';
import type { MessagingStore } from './index-store.js';
import type { LastSeen } from './last-seen.js';

const HOUR = 3600_000;

/** What notifications need from the sync server: accepted updates and who is connected where. */
export interface LiveSockets {
  onAccepted(listener: (e: AcceptedEvent) => void): () => void;
  hasSocketIn(conversationId: string, userId: string): boolean;
}

/**
 * New messages (from REST or a sync client) notify the members who have no live socket in that
 * conversation: a mention always gets its own notification; other messages one unread
 * `message.new` per conversation. Members who have been away for a while (no socket anywhere, no
 * request lately: see LastSeen) also get a missed-message mail, at most one per conversation an
 * hour, when their settings allow. Returns the unsubscribe.
 */
export function subscribeMessageNotifications(deps: {
  sync: LiveSockets;
  notifications: NotificationsService;
  conversations: Pick<ConversationFactsCache, 'get'>;
  store: MessagingStore;
  presence: Pick<LastSeen, 'isAway'>;
}): () => void {
  const { sync, notifications, conversations } = deps;
  return sync.onAccepted((e) => {
    const added = e.addedMessages.filter((m) => !isSystemMessage(m));
    if (added.length === 0) return;
    const facts = conversations.get(e.conversationId);
    if (!facts) return;
    const group = facts.name !== null ? { groupName: facts.name } : {};
    const about = (m: MessageRecord) => ({ conversationId: e.conversationId, messageId: m.id, ...group });
    // Member by member, so each one's socket, presence and unread notice are looked up once per update.
    for (const userId of facts.memberIds) {
      const missed = added.filter((m) => m.author !== userId);
      if (missed.length === 0 || sync.hasSocketIn(e.conversationId, userId)) continue;
      for (const m of missed) if (m.mentions?.includes(userId)) notifications.notify(userId, 'message.mention', m.author, about(m));
      const first = missed.find((m) => !m.mentions?.includes(userId));
      if (first && !notifications.hasUnreadAbout(userId, 'message.new', e.conversationId)) {
        notifications.notify(userId, 'message.new', first.author, about(first));
      }
      if (deps.presence.isAway(userId)) {
        const sender = (missed[0] as MessageRecord).author;
        notifications.mailMissedMessages(userId, sender, facts.name, () => deps.store.claimMissedMail(userId, e.conversationId, HOUR));
      }
    }
  });
}
