import { randomUUID } from 'node:crypto';
import type { PublicUser } from '../../shared/api/accounts.js';
import { isoTime } from '../../shared/api/common.js';
import type { Friend, FriendRequest } from '../../shared/api/social.js';
import { publicView } from '../accounts/user-view.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { DuplicateRequestError, type FriendRequestRow, type FriendsStore } from './friends-store.js';
import type { SocialGraph } from './graph.js';
import { activeById, activeByUsername, usersById } from './people.js';
import type { Presence } from './presence.js';
import { transact, type Publish } from './transact.js';

/** What a friendship starting or ending does to the pair's direct conversation, in the same transaction. */
export interface DirectConversationLink {
  closeDirect(userIds: [string, string], publish: Publish): void;
  reopenDirect(userIds: [string, string], publish: Publish): void;
}

/**
 * The rules of friendship: requests (with mutual requests accepted at once), friends, blocks.
 * A block outranks everything: it ends the friendship and pending requests, and the blocked
 * side can no longer reach the blocker.
 */
export class FriendsService {
  constructor(
    private readonly db: Db,
    private readonly store: FriendsStore,
    private readonly graph: SocialGraph,
    private readonly users: UsersStore,
    private readonly events: EventBus,
    private readonly presence: Presence,
    private readonly directs: DirectConversationLink,
  ) {}

  /** Sends a request to `username`; when they had already asked, accepts theirs instead (mutual). */
  send(me: string, username: string): FriendRequest & { status: 'pending' | 'accepted' } {
    const target = activeByUsername(this.users, username);
    if (target.id === me) throw badRequest('You cannot befriend yourself');
    return transact(this.db, this.events, (publish) => {
      this.graph.assertNotBlocked(me, target.id);
      if (this.store.areFriends(me, target.id)) throw conflict('You are already friends', 'already_friends');
      const pending = this.store.requestBetween(me, target.id);
      if (pending?.sender_id === me) throw conflict('You already sent this user a request', 'request_pending');
      if (pending) {
        this.accept(pending, publish);
        return { ...this.requestView(pending, me, publicView(target)), status: 'accepted' as const };
      }
      let row: FriendRequestRow;
      try {
        row = this.store.insertRequest({ id: randomUUID(), senderId: me, recipientId: target.id });
      } catch (err) {
        if (err instanceof DuplicateRequestError) throw conflict('A request between you is already pending', 'request_pending');
        throw err;
      }
      publish('friend.request.sent', { requestId: row.id, fromUserId: me, toUserId: target.id });
      return { ...this.requestView(row, me, publicView(target)), status: 'pending' as const };
    });
  }

  /** Pending requests to and from `me`; requests of deactivated accounts are left out. */
  requests(me: string): { incoming: FriendRequest[]; outgoing: FriendRequest[] } {
    const rows = this.store.requestsOf(me);
    const people = usersById(this.users, rows.map((r) => (r.sender_id === me ? r.recipient_id : r.sender_id)));
    const views = rows.flatMap((r) => {
      const other = people.get(r.sender_id === me ? r.recipient_id : r.sender_id);
      return other && other.deactivated_at === null ? [this.requestView(r, me, publicView(other))] : [];
    });
    return { incoming: views.filter((v) => v.direction === 'incoming'), outgoing: views.filter((v) => v.direction === 'outgoing') };
  }

  /** Accepts a request addressed to `me`; only its recipient may. */
  acceptRequest(me: string, requestId: string): Friend {
    const sender = transact(this.db, this.events, (publish) => {
      const row = this.ownRequest(requestId, me, 'recipient');
      const sender = activeById(this.users, row.sender_id);
      this.accept(row, publish);
      return sender;
    });
    return this.friendView(publicView(sender), this.store.friendship(me, sender.id)?.since ?? Date.now());
  }

  /** Declines a request addressed to `me`; only its recipient may. */
  decline(me: string, requestId: string): void {
    transact(this.db, this.events, (publish) => {
      const row = this.ownRequest(requestId, me, 'recipient');
      this.store.deleteRequest(row.id);
      publish('friend.request.declined', { requestId: row.id, fromUserId: row.sender_id, toUserId: row.recipient_id });
    });
  }

  /** Withdraws a request `me` sent; only its sender may. */
  cancel(me: string, requestId: string): void {
    transact(this.db, this.events, (publish) => {
      const row = this.ownRequest(requestId, me, 'sender');
      this.store.deleteRequest(row.id);
      publish('friend.request.cancelled', { requestId: row.id, fromUserId: row.sender_id, toUserId: row.recipient_id, reason: 'cancelled' });
    });
  }

  /** Friends of `me` (active accounts), by username. */
  list(me: string): Friend[] {
    const relations = this.store.friendsOf(me);
    const people = usersById(this.users, relations.map((r) => r.userId));
    return relations
      .flatMap((r) => {
        const u = people.get(r.userId);
        return u && u.deactivated_at === null ? [this.friendView(publicView(u), r.since)] : [];
      })
      .sort((a, b) => a.user.username.localeCompare(b.user.username));
  }

  /** Ends a friendship; their direct conversation closes for new messages. */
  remove(me: string, userId: string): void {
    if (userId === me) throw badRequest('You cannot unfriend yourself');
    transact(this.db, this.events, (publish) => {
      if (!this.store.removeFriendship(me, userId)) throw notFound('This user is not your friend');
      publish('friendship.removed', { userIds: [me, userId], byUserId: me, reason: 'removed' });
      this.directs.closeDirect([me, userId], publish);
    });
  }

  /** Blocks `userId`: their friendship and pending requests end; they can no longer reach `me`. */
  block(me: string, userId: string): void {
    if (userId === me) throw badRequest('You cannot block yourself');
    activeById(this.users, userId);
    transact(this.db, this.events, (publish) => {
      if (!this.store.addBlock(me, userId)) throw conflict('You already blocked this user', 'already_blocked');
      if (this.store.removeFriendship(me, userId)) {
        publish('friendship.removed', { userIds: [me, userId], byUserId: me, reason: 'blocked' });
        this.directs.closeDirect([me, userId], publish);
      }
      const pending = this.store.requestBetween(me, userId);
      if (pending) {
        this.store.deleteRequest(pending.id);
        publish('friend.request.cancelled', { requestId: pending.id, fromUserId: pending.sender_id, toUserId: pending.recipient_id, reason: 'blocked' });
      }
      publish('user.blocked', { blockerId: me, blockedId: userId });
    });
  }

  /** Lifts a block `me` set; 404 when there is none. */
  unblock(me: string, userId: string): void {
    if (userId === me) throw badRequest('You cannot unblock yourself');
    transact(this.db, this.events, (publish) => {
      if (!this.store.removeBlock(me, userId)) throw notFound('You have not blocked this user');
      publish('user.unblocked', { blockerId: me, blockedId: userId });
    });
  }

  /** People `me` has blocked, newest first. */
  blocked(me: string): { user: PublicUser; since: string }[] {
    const relations = this.store.blockedBy(me);
    const people = usersById(this.users, relations.map((r) => r.userId));
    return relations.flatMap((r) => {
      const u = people.get(r.userId);
      return u ? [{ user: publicView(u), since: isoTime(r.since) }] : [];
    });
  }

  private accept(row: FriendRequestRow, publish: Publish): void {
    this.store.deleteRequest(row.id);
    this.store.addFriendship(row.sender_id, row.recipient_id);
    publish('friend.request.accepted', { requestId: row.id, fromUserId: row.sender_id, toUserId: row.recipient_id });
    publish('friendship.created', { userIds: [row.sender_id, row.recipient_id] });
    this.directs.reopenDirect([row.sender_id, row.recipient_id], publish);
  }

  /** The request, when `me` is its `side`: unknown ids are 404, other people's requests 403. */
  private ownRequest(requestId: string, me: string, side: 'sender' | 'recipient'): FriendRequestRow {
    const row = this.store.request(requestId);
    if (!row) throw notFound('No such friend request');
    const mine = side === 'sender' ? row.sender_id === me : row.recipient_id === me;
    if (!mine) {
      throw forbidden(side === 'sender' ? 'Only the sender can cancel a request' : 'Only the recipient can answer a request');
    }
    return row;
  }

  private requestView(row: FriendRequestRow, me: string, other: PublicUser): FriendRequest {
    return { id: row.id, direction: row.sender_id === me ? 'outgoing' : 'incoming', user: other, createdAt: isoTime(row.created_at) };
  }

  private friendView(user: PublicUser, since: number): Friend {
    return { user, online: this.presence.isOnline(user.id), since: isoTime(since) };
  }
}
