import type { Db } from '../db/database.js';
import { orderedPair, pairKey } from './people.js';

/** A pending friend request. */
export interface FriendRequestRow {
  id: string;
  sender_id: string;
  recipient_id: string;
  pair_key: string;
  created_at: number;
}

/** Someone related to a user (a friend, a blocked user) and since when. */
export interface Relation {
  userId: string;
  since: number;
}

/** Thrown when the one-pending-request-per-pair index refuses an insert. */
export class DuplicateRequestError extends Error {}

/** All SQL on `friend_requests`, `friendships` and `blocks`. */
export class FriendsStore {
  constructor(private readonly db: Db) {}

  // ---- requests

  request(id: string): FriendRequestRow | undefined {
    return this.db.prepare('SELECT * FROM friend_requests WHERE id = ?').get(id) as FriendRequestRow | undefined;
  }

  /** The pending request between two users, whichever of them sent it. */
  requestBetween(a: string, b: string): FriendRequestRow | undefined {
    return this.db.prepare('SELECT * FROM friend_requests WHERE pair_key = ?').get(pairKey(a, b)) as FriendRequestRow | undefined;
  }

  /** Requests a user sent or received, oldest first. */
  requestsOf(userId: string): FriendRequestRow[] {
    return this.db
      .prepare('SELECT * FROM friend_requests WHERE sender_id = @userId OR recipient_id = @userId ORDER BY created_at, rowid')
      .all({ userId }) as FriendRequestRow[];
  }

  insertRequest(r: { id: string; senderId: string; recipientId: string }, now = Date.now()): FriendRequestRow {
    try {
      this.db
        .prepare('INSERT INTO friend_requests (id, sender_id, recipient_id, pair_key, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(r.id, r.senderId, r.recipientId, pairKey(r.senderId, r.recipientId), now);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateRequestError('request already pending');
      throw err;
    }
    return this.request(r.id) as FriendRequestRow;
  }

  deleteRequest(id: string): boolean {
    return this.db.prepare('DELETE FROM friend_requests WHERE id = ?').run(id).changes === 1;
  }

  // ---- friendships

  areFriends(a: string, b: string): boolean {
    const [low, high] = orderedPair(a, b);
    return this.db.prepare('SELECT 1 FROM friendships WHERE user_low = ? AND user_high = ?').get(low, high) !== undefined;
  }

  /** Creates the friendship; false when it already existed. */
  addFriendship(a: string, b: string, now = Date.now()): boolean {
    const [low, high] = orderedPair(a, b);
    return this.db.prepare('INSERT OR IGNORE INTO friendships (user_low, user_high, created_at) VALUES (?, ?, ?)').run(low, high, now).changes === 1;
  }

  removeFriendship(a: string, b: string): boolean {
    const [low, high] = orderedPair(a, b);
    return this.db.prepare('DELETE FROM friendships WHERE user_low = ? AND user_high = ?').run(low, high).changes === 1;
  }

  friendship(a: string, b: string): Relation | undefined {
    const [low, high] = orderedPair(a, b);
    const row = this.db.prepare('SELECT created_at FROM friendships WHERE user_low = ? AND user_high = ?').get(low, high) as { created_at: number } | undefined;
    return row && { userId: a === low ? high : low, since: row.created_at };
  }

  /** A user's friends (of any account state) and since when. */
  friendsOf(userId: string): Relation[] {
    return this.db
      .prepare(
        `SELECT user_high AS userId, created_at AS since FROM friendships WHERE user_low = @userId
         UNION ALL
         SELECT user_low AS userId, created_at AS since FROM friendships WHERE user_high = @userId`,
      )
      .all({ userId }) as Relation[];
  }

  // ---- blocks

  /** Whether `blocker` has blocked `blocked` (one direction). */
  hasBlocked(blocker: string, blocked: string): boolean {
    return this.db.prepare('SELECT 1 FROM blocks WHERE blocker_id = ? AND blocked_id = ?').get(blocker, blocked) !== undefined;
  }

  /** Creates the block; false when it already existed. */
  addBlock(blocker: string, blocked: string, now = Date.now()): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)').run(blocker, blocked, now).changes === 1;
  }

  removeBlock(blocker: string, blocked: string): boolean {
    return this.db.prepare('DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?').run(blocker, blocked).changes === 1;
  }

  /** Whom a user has blocked, newest first. */
  blockedBy(blocker: string): Relation[] {
    return this.db
      .prepare('SELECT blocked_id AS userId, created_at AS since FROM blocks WHERE blocker_id = ? ORDER BY created_at DESC, rowid DESC')
      .all(blocker) as Relation[];
  }

  /** Who has blocked a user (they must not find those people in search). */
  blockersOf(blocked: string): string[] {
    return this.db.prepare('SELECT blocker_id FROM blocks WHERE blocked_id = ?').pluck().all(blocked) as string[];
  }
}
