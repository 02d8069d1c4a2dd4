import { randomUUID } from 'node:crypto';
import type { GroupConversation, Role } from '../../shared/api/social.js';
import type { UserRow, UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import type { ConversationViews } from './conversation-view.js';
import type { ConversationRow, ConversationsStore, MemberRow } from './conversations-store.js';
import type { ConversationsService } from './conversations-service.js';
import type { SocialGraph } from './graph.js';
import type { GroupsStore } from './groups-store.js';
import { activeByUsername } from './people.js';
import { transact, type Publish } from './transact.js';

const MANAGERS: Role[] = ['owner', 'admin'];

/**
 * Group rules. Owner and admins rename, change the avatar, add their friends and remove
 * members; admins cannot remove the owner or other admins; only the owner promotes and
 * demotes. Anyone may leave: a leaving owner hands over to the longest-standing admin, else
 * member, and the last one out archives the group. A deactivated owner hands over the same way
 * (staying on as a plain member). Deactivated accounts inherit only from a leaving owner, and only
 * when no active member is left, so a group with members always has an owner.
 */
export class GroupsService {
  constructor(
    private readonly db: Db,
    private readonly store: ConversationsStore,
    private readonly views: ConversationViews,
    private readonly conversations: ConversationsService,
    private readonly graph: SocialGraph,
    private readonly users: UsersStore,
    private readonly events: EventBus,
    private readonly ownership: GroupsStore,
  ) {}

  /** Creates a group owned by `me` with friends of `me` as its first members. */
  create(me: string, input: { name: string; members: string[] }): GroupConversation {
    // The creator is a member anyway; naming yourself (or someone twice) is harmless.
    const invited = [...new Map(input.members.map((u) => [u, activeByUsername(this.users, u)])).values()].filter((u) => u.id !== me);
    for (const user of invited) this.assertCanAdd(me, user);
    const id = randomUUID();
    transact(this.db, this.events, (publish) => {
      const now = Date.now();
      this.store.insertGroup({ id, name: input.name, avatarId: null, createdBy: me }, now);
      this.store.addMember(id, me, 'owner', now);
      for (const user of invited) this.store.addMember(id, user.id, 'member', now);
      publish('conversation.created', { conversationId: id, type: 'group', memberIds: [me, ...invited.map((u) => u.id)], byUserId: me });
      publish('conversation.member.added', { conversationId: id, type: 'group', userId: me, role: 'owner', byUserId: me });
      for (const user of invited) {
        publish('conversation.member.added', { conversationId: id, type: 'group', userId: user.id, role: 'member', byUserId: me });
      }
    });
    return this.view(id);
  }

  /** Renames the group and/or changes its avatar (owner, admin); avatar ids come only from AvatarsService, which stored the image. */
  update(me: string, id: string, changes: { name?: string | undefined; avatarId?: string | null | undefined }): GroupConversation {
    transact(this.db, this.events, (publish) => {
      const { conversation } = this.requireRole(id, me, MANAGERS);
      if (changes.name !== undefined && changes.name !== conversation.name) {
        this.store.setName(id, changes.name);
        publish('group.renamed', { conversationId: id, name: changes.name, byUserId: me });
      }
      if (changes.avatarId !== undefined && changes.avatarId !== conversation.avatar_id) {
        this.store.setAvatar(id, changes.avatarId);
        publish('group.avatar_changed', { conversationId: id, avatarId: changes.avatarId, byUserId: me });
      }
      this.store.touch(id);
    });
    return this.view(id);
  }

  /** Throws unless `me` may manage the group (owner, admin): 404 no such group, 403 otherwise. */
  assertManager(me: string, id: string): void {
    this.requireRole(id, me, MANAGERS);
  }

  /** Adds a friend of `me` (owner, admin); an existing member is a 409. */
  addMember(me: string, id: string, username: string): GroupConversation {
    transact(this.db, this.events, (publish) => {
      this.requireRole(id, me, MANAGERS);
      const user = activeByUsername(this.users, username);
      if (this.store.isMember(id, user.id)) throw conflict(`${user.username} is already a member`, 'already_member');
      this.assertCanAdd(me, user);
      if (!this.store.addMember(id, user.id, 'member')) throw conflict(`${user.username} is already a member`, 'already_member');
      this.store.touch(id);
      publish('conversation.member.added', { conversationId: id, type: 'group', userId: user.id, role: 'member', byUserId: me });
    });
    return this.view(id);
  }

  /** Removes `userId` (owner: anyone; admin: plain members); removing yourself is leaving. */
  removeMember(me: string, id: string, userId: string): void {
    if (userId === me) return this.leave(me, id);
    transact(this.db, this.events, (publish) => {
      const { membership: mine } = this.requireRole(id, me, MANAGERS);
      const target = this.store.membership(id, userId);
      if (!target) throw notFound('This user is not a member of the group');
      if (mine.role !== 'owner' && target.role !== 'member') throw forbidden('Only the owner can remove the owner or an admin');
      this.store.removeMember(id, userId);
      this.store.touch(id);
      publish('conversation.member.removed', { conversationId: id, userId, byUserId: me });
    });
  }

  /** `me` leaves; ownership passes on, and the last one out archives the group. */
  leave(me: string, id: string): void {
    transact(this.db, this.events, (publish) => {
      const { membership } = this.requireGroupMember(id, me);
      this.store.removeMember(id, me);
      const newOwnerId = membership.role === 'owner' ? this.handOver(id, me, this.ownership.heir(id, me, true), publish) : null;
      if (this.store.memberCount(id) === 0) {
        this.store.archive(id);
        publish('group.archived', { conversationId: id });
      }
      this.store.touch(id);
      publish('conversation.member.left', { conversationId: id, userId: me, newOwnerId });
    });
  }

  /** Promotes or demotes a member (owner only); the owner's own role cannot change here. */
  setRole(me: string, id: string, userId: string, role: 'admin' | 'member'): GroupConversation {
    transact(this.db, this.events, (publish) => {
      this.requireRole(id, me, ['owner']);
      if (userId === me) throw badRequest("The owner's role cannot change; leave the group to hand it over");
      const target = this.store.membership(id, userId);
      if (!target) throw notFound('This user is not a member of the group');
      if (target.role === role) return;
      this.store.setRole(id, userId, role);
      this.store.touch(id);
      publish('conversation.member.role_changed', { conversationId: id, userId, role, previousRole: target.role, byUserId: me });
    });
    return this.view(id);
  }

  /** `userId`'s account was deactivated: each group they own passes on as if they had left; they stay as a member. */
  ownerDeactivated(userId: string): void {
    for (const id of this.ownership.ownedBy(userId)) {
      transact(this.db, this.events, (publish) => {
        // Nobody active to take over: the group stays theirs, should the account come back.
        const heir = this.ownership.heir(id, userId);
        if (!heir) return;
        // Stepping down first: a group has one owner at a time (a unique index says so).
        this.store.setRole(id, userId, 'member');
        this.handOver(id, userId, heir, publish);
        this.store.touch(id);
        publish('conversation.member.role_changed', { conversationId: id, userId, role: 'member', previousRole: 'owner', byUserId: userId });
      });
    }
  }

  /** Makes `heir` (if any) the owner in `formerOwner`'s place; returns the new owner's id. */
  private handOver(id: string, formerOwner: string, heir: MemberRow | undefined, publish: Publish): string | null {
    if (!heir) return null;
    this.store.setRole(id, heir.user_id, 'owner');
    publish('conversation.member.role_changed', { conversationId: id, userId: heir.user_id, role: 'owner', previousRole: heir.role, byUserId: formerOwner });
    return heir.user_id;
  }

  /** Only friends of the adder who have not blocked them (or been blocked) join a group. */
  private assertCanAdd(me: string, user: UserRow): void {
    this.graph.assertNotBlocked(me, user.id);
    if (!this.graph.areFriends(me, user.id)) throw forbidden(`You can only add your friends; ${user.username} is not`, 'not_friends');
  }

  /** A group `me` belongs to: a direct conversation is no group (404), non-members get 403. */
  private requireGroupMember(id: string, me: string): { conversation: ConversationRow; membership: MemberRow } {
    const found = this.store.byId(id);
    if (!found || found.type !== 'group') throw notFound('No such group');
    return this.conversations.requireMember(id, me);
  }

  private requireRole(id: string, me: string, roles: Role[]): { conversation: ConversationRow; membership: MemberRow } {
    const found = this.requireGroupMember(id, me);
    if (!roles.includes(found.membership.role)) {
      throw forbidden(roles.length === 1 ? 'Only the group owner can do this' : 'Only the group owner or an admin can do this');
    }
    return found;
  }

  private view(id: string): GroupConversation {
    const view = this.views.one(this.store.byId(id) as ConversationRow);
    if (view.type !== 'group') throw new Error(`conversation ${id} is not a group`);
    return view;
  }
}
