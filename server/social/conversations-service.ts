import { randomUUID } from 'node:crypto';
import { pageOf, pageOffset } from '../../shared/api/common.js';
import type { Conversation } from '../../shared/api/social.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import type { ConversationViews } from './conversation-view.js';
import type { ConversationRow, ConversationsStore, MemberRow } from './conversations-store.js';
import type { DirectConversationLink } from './friends-service.js';
import type { SocialGraph } from './graph.js';
import { activeByUsername, pairKey } from './people.js';
import { transact, type Publish } from './transact.js';

/**
 * Direct conversations (one per pair of friends, closed while they are not friends) and what
 * every conversation shares: listing, details, and the member-only access rule.
 */
export class ConversationsService implements DirectConversationLink {
  constructor(
    private readonly db: Db,
    private readonly store: ConversationsStore,
    private readonly views: ConversationViews,
    private readonly graph: SocialGraph,
    private readonly users: UsersStore,
    private readonly events: EventBus,
  ) {}

  /** The direct conversation with a friend, created on first use; `created` tells which. */
  openDirect(me: string, username: string): { conversation: Conversation; created: boolean } {
    const other = activeByUsername(this.users, username);
    if (other.id === me) throw badRequest('You cannot start a conversation with yourself');
    this.graph.assertNotBlocked(me, other.id);
    if (!this.graph.areFriends(me, other.id)) throw forbidden('You can only chat one-to-one with friends', 'not_friends');
    const key = pairKey(me, other.id);
    const { row, created } = transact(this.db, this.events, (publish) => {
      const created = this.store.insertDirect({ id: randomUUID(), key, createdBy: me });
      const row = this.store.directByKey(key) as ConversationRow;
      if (created) {
        this.store.addMember(row.id, me, 'member', row.created_at);
        this.store.addMember(row.id, other.id, 'member', row.created_at);
        publish('conversation.created', { conversationId: row.id, type: 'direct', memberIds: [me, other.id], byUserId: me });
        for (const userId of [me, other.id]) {
          publish('conversation.member.added', { conversationId: row.id, type: 'direct', userId, role: 'member', byUserId: me });
        }
      } else if (row.closed_at !== null && this.store.setClosed(row.id, null)) {
        // They are friends, so a closed conversation is stale (e.g. a listener failed): heal it.
        publish('direct.reopened', { conversationId: row.id, userIds: [me, other.id] });
      }
      return { row: this.store.byId(row.id) as ConversationRow, created };
    });
    return { conversation: this.views.one(row, me), created };
  }

  /** One page of `me`'s conversations, most recent activity first. */
  list(me: string, page: number, size: number) {
    this.views.refresh();
    const at = { page, size };
    const { rows, total } = this.store.pageForUser(me, size, pageOffset(at));
    return pageOf(this.views.many(rows, me), total, at);
  }

  /** Details of a conversation `me` belongs to. */
  get(me: string, id: string): Conversation {
    return this.views.one(this.requireMember(id, me).conversation, me);
  }

  /** The conversation and `me`'s membership: unknown ids are 404, non-members 403. */
  requireMember(id: string, me: string): { conversation: ConversationRow; membership: MemberRow } {
    const conversation = this.store.byId(id);
    if (!conversation) throw notFound('No such conversation');
    const membership = this.store.membership(id, me);
    if (!membership) throw forbidden('You are not a member of this conversation', 'not_a_member');
    return { conversation, membership };
  }

  /** Friendship ended (inside its transaction): the direct conversation stays readable but takes no new messages. */
  closeDirect(userIds: [string, string], publish: Publish): void {
    this.setDirectClosed(userIds, Date.now(), publish);
  }

  /** Friends again (inside that transaction): their direct conversation, if any, takes messages again. */
  reopenDirect(userIds: [string, string], publish: Publish): void {
    this.setDirectClosed(userIds, null, publish);
  }

  private setDirectClosed(userIds: [string, string], closedAt: number | null, publish: Publish): void {
    const row = this.store.directByKey(pairKey(...userIds));
    if (!row || !this.store.setClosed(row.id, closedAt)) return;
    this.store.touch(row.id);
    publish(closedAt === null ? 'direct.reopened' : 'direct.closed', { conversationId: row.id, userIds });
  }
}
