import { inboxRoom, type InboxSignal, type InboxSignalKey } from '../../shared/doc/inbox.js';
import type { EventBus } from '../events.js';

export interface InboxSignalsDeps {
  events: Pick<EventBus, 'on'>;
  /** The sync server's signal: a no-op for inboxes nobody has open. */
  signal(roomId: string, state: InboxSignal): unknown;
  /** Current member ids of a conversation. */
  members(conversationId: string): readonly string[];
  /** Current friend ids of a user. */
  friends(userId: string): string[];
  /** Everyone who shares a conversation with a user. */
  peers(userId: string): string[];
}

/**
 * Tells each user's open inbox when their conversation list or friend list changed, through the
 * server's awareness state there (see shared/doc/inbox.ts), so the desktop refetches at once
 * instead of polling. Signals are coalesced: at most one per user per event-loop turn, however
 * many events a request or an index flush produced. Returns the unsubscribe function.
 */
export function signalInboxes(deps: InboxSignalsDeps): () => void {
  const pending = new Map<string, Set<InboxSignalKey>>();
  let scheduled: NodeJS.Immediate | null = null;
  let lastStamp = 0;

  const send = () => {
    scheduled = null;
    // A value never repeats (also across restarts, as clients compare with what they saw last).
    const stamp = (lastStamp = Math.max(Date.now(), lastStamp + 1));
    for (const [userId, keys] of pending) deps.signal(inboxRoom(userId), Object.fromEntries([...keys].map((k) => [k, stamp])));
    pending.clear();
  };
  const mark = (key: InboxSignalKey, userIds: Iterable<string>) => {
    for (const id of userIds) {
      let keys = pending.get(id);
      if (!keys) pending.set(id, (keys = new Set()));
      keys.add(key);
    }
    scheduled ??= setImmediate(send);
  };
  const conversations = (userIds: Iterable<string>) => mark('conversations', userIds);
  const membersOf = (conversationId: string) => conversations(deps.members(conversationId));
  /** Removed or departed: their list lost it, the others' member lists changed. */
  const departed = ({ conversationId, userId }: { conversationId: string; userId: string }) => {
    membersOf(conversationId);
    conversations([userId]);
  };
  const friendsOf = ({ userId }: { userId: string }) => mark('friends', deps.friends(userId));
  const pair = ({ userIds }: { userIds: [string, string] }) => mark('friends', userIds);
  /** A request sent, answered or withdrawn changes both people's request lists. */
  const request = ({ fromUserId, toUserId }: { fromUserId: string; toUserId: string }) => {
    mark('requests', [fromUserId, toUserId]);
    mark('friends', [fromUserId, toUserId]);
  };
  /** Only the blocker's devices refetch their blocks: the blocked person must never learn of it. */
  const blocker = ({ blockerId }: { blockerId: string }) => {
    mark('blocks', [blockerId]);
    mark('friends', [blockerId]);
  };
  /** A new name or picture shows in friends' lists and in every conversation list that has them. */
  const profile = ({ userId }: { userId: string }) => {
    friendsOf({ userId });
    conversations(deps.peers(userId));
  };

  const e = deps.events;
  const offs = [
    e.on('conversation.indexed', ({ memberIds }) => conversations(memberIds)),
    e.on('conversation.created', ({ memberIds }) => conversations(memberIds)),
    e.on('conversation.member.added', ({ conversationId }) => membersOf(conversationId)),
    e.on('conversation.member.removed', departed),
    e.on('conversation.member.left', departed),
    e.on('conversation.member.role_changed', ({ conversationId }) => membersOf(conversationId)),
    e.on('group.renamed', ({ conversationId }) => membersOf(conversationId)),
    e.on('group.avatar_changed', ({ conversationId }) => membersOf(conversationId)),
    // group.archived needs nothing: its last member's departure signalled them already.
    e.on('direct.closed', ({ userIds }) => conversations(userIds)),
    e.on('direct.reopened', ({ userIds }) => conversations(userIds)),
    e.on('presence.online', friendsOf),
    e.on('presence.offline', friendsOf),
    e.on('friend.request.sent', request),
    e.on('friend.request.accepted', request),
    e.on('friend.request.declined', request),
    e.on('friend.request.cancelled', request),
    e.on('friendship.created', pair),
    e.on('friendship.removed', pair),
    e.on('user.blocked', blocker),
    e.on('user.unblocked', blocker),
    e.on('user.profile_changed', profile),
  ];
  return () => {
    offs.forEach((off) => off());
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    pending.clear();
  };
}
