import { sendSystemMessage, type AdminReadKind, type SystemEvent } from '../../shared/doc/index.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { ConversationsStore } from '../social/conversations-store.js';
import type { ConversationDocs } from './messages-service.js';

/**
 * Writes system messages into group documents when the social graph changes (group created,
 * member added / removed / left, renamed, avatar changed): only the server writes them, through
 * the server-owned client; sync validation refuses them from anyone else. Returns the unsubscribe.
 */
export function writeSystemEvents(deps: { events: EventBus; docs: ConversationDocs; conversations: ConversationsStore; users: UsersStore; log: Logger }): () => void {
  const { events, conversations } = deps;
  const name = (userId: string) => deps.users.byId(userId)?.username ?? 'someone';
  const write = (conversationId: string, event: SystemEvent, text: string) => {
    const row = conversations.byId(conversationId);
    // Nobody can read an archived group any more: nothing to tell.
    if (!row || row.type !== 'group' || row.archived_at !== null) return;
    try {
      deps.docs.write(conversationId, (doc) => sendSystemMessage(doc, { event, text }));
    } catch (err) {
      deps.log.error({ err, conversationId, event: event.type }, 'writing a system message failed');
    }
  };
  const off = [
    events.on('conversation.created', (e) => {
      if (e.type !== 'group') return;
      const groupName = conversations.byId(e.conversationId)?.name ?? '';
      write(e.conversationId, { type: 'group.created', byUserId: e.byUserId, name: groupName }, `${name(e.byUserId)} created the group “${groupName}”`);
    }),
    events.on('conversation.member.added', (e) => {
      if (e.type !== 'group' || e.userId === e.byUserId) return;
      write(e.conversationId, { type: 'member.added', userId: e.userId, byUserId: e.byUserId }, `${name(e.byUserId)} added ${name(e.userId)}`);
    }),
    events.on('conversation.member.removed', (e) =>
      write(e.conversationId, { type: 'member.removed', userId: e.userId, byUserId: e.byUserId }, `${name(e.byUserId)} removed ${name(e.userId)}`),
    ),
    events.on('conversation.member.left', (e) => write(e.conversationId, { type: 'member.left', userId: e.userId }, `${name(e.userId)} left`)),
    events.on('group.renamed', (e) =>
      write(e.conversationId, { type: 'group.renamed', name: e.name, byUserId: e.byUserId }, `${name(e.byUserId)} renamed the group to “${e.name}”`),
    ),
    events.on('group.avatar_changed', (e) =>
      write(
        e.conversationId,
        { type: 'group.avatar_changed', avatarId: e.avatarId, byUserId: e.byUserId },
        e.avatarId === null ? `${name(e.byUserId)} removed the group picture` : `${name(e.byUserId)} changed the group picture`,
      ),
    ),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}

const ADMIN_READ_TEXT: Record<AdminReadKind, string> = {
  messages: 'viewed the messages stored for this conversation',
  updates: 'viewed the update history stored for this conversation',
  export: 'exported everything stored for this conversation',
};

/**
 * Tells a conversation's members that an admin read what the server stored for it: a system
 * message in any conversation kind (direct ones too, unlike the group events above), persisted and
 * broadcast like every server write. Throttling is the caller's business.
 */
export function writeAdminReadEvent(docs: Pick<ConversationDocs, 'write'>, conversationId: string, read: { adminId: string; adminName: string; what: AdminReadKind }): void {
  const event: SystemEvent = { type: 'conversation.admin_read', adminId: read.adminId, what: read.what };
  docs.write(conversationId, (doc) => sendSystemMessage(doc, { event, text: `An admin (${read.adminName}) ${ADMIN_READ_TEXT[read.what]}` }));
}
