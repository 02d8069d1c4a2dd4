import { forbidden } from '../http/errors.js';
import type { FriendsStore } from './friends-store.js';

/** Read-only questions about the graph that friends, direct chats and groups all ask. */
export class SocialGraph {
  constructor(private readonly store: FriendsStore) {}

  /** Whether the two are friends (a block always ends a friendship, so friends never block each other). */
  areFriends(a: string, b: string): boolean {
    return this.store.areFriends(a, b);
  }

  /** 403 when either side blocked the other, saying which, so the client can explain it. */
  assertNotBlocked(me: string, other: string): void {
    if (this.store.hasBlocked(other, me)) throw forbidden('This user does not accept contact from you', 'blocked');
    if (this.store.hasBlocked(me, other)) throw forbidden('You blocked this user; unblock them first', 'blocked_by_you');
  }

  /** Users who blocked `me`: hidden from my searches. */
  readonly hiddenFrom = (me: string): string[] => this.store.blockersOf(me);
}
