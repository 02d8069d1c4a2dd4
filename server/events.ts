import { EventEmitter } from 'node:events';
import type { Notification } from '../shared/api/social.js';

/**
 * Domain events published by services (accounts, social) and consumed elsewhere
 * (sync sockets, notifications), so neither side knows about the other.
 */
export interface DomainEvents {
  /** Sessions ended (logout, revocation, password change, deactivation): close their sockets. */
  'sessions.revoked': { userId: string; sessionIds: string[] | 'all'; reason: string };
  'user.deactivated': { userId: string };
  /** Display name, bio or picture changed: whoever shows this user should refresh. */
  'user.profile_changed': { userId: string };

  // Social graph (server/social). Pairs of user ids are in no particular order.
  'friend.request.sent': { requestId: string; fromUserId: string; toUserId: string };
  /** The recipient (`toUserId`) accepted, also by asking back (mutual request). */
  'friend.request.accepted': { requestId: string; fromUserId: string; toUserId: string };
  'friend.request.declined': { requestId: string; fromUserId: string; toUserId: string };
  /** Withdrawn by its sender, or dropped because one side blocked the other. */
  'friend.request.cancelled': { requestId: string; fromUserId: string; toUserId: string; reason: 'cancelled' | 'blocked' };
  'friendship.created': { userIds: [string, string] };
  'friendship.removed': { userIds: [string, string]; byUserId: string; reason: 'removed' | 'blocked' };
  'user.blocked': { blockerId: string; blockedId: string };
  'user.unblocked': { blockerId: string; blockedId: string };
  /** A new conversation; `conversation.member.added` follows for each of `memberIds`. */
  'conversation.created': { conversationId: string; type: 'direct' | 'group'; memberIds: string[]; byUserId: string };
  'conversation.member.added': { conversationId: string; type: 'direct' | 'group'; userId: string; role: 'owner' | 'admin' | 'member'; byUserId: string };
  /** Removed by an owner or admin: close their sockets. */
  'conversation.member.removed': { conversationId: string; userId: string; byUserId: string };
  /** Left on their own; `newOwnerId` when ownership passed on. */
  'conversation.member.left': { conversationId: string; userId: string; newOwnerId: string | null };
  'conversation.member.role_changed': { conversationId: string; userId: string; role: 'owner' | 'admin' | 'member'; previousRole: 'owner' | 'admin' | 'member'; byUserId: string };
  'group.renamed': { conversationId: string; name: string; byUserId: string };
  'group.avatar_changed': { conversationId: string; avatarId: string | null; byUserId: string };
  /** Its last member left: nobody can reach it any more. */
  'group.archived': { conversationId: string };
  /** The two stopped being friends: no new messages until they are friends again. */
  'direct.closed': { conversationId: string; userIds: [string, string] };
  'direct.reopened': { conversationId: string; userIds: [string, string] };

  // Derived index (server/messaging).
  /** A conversation's listing changed (last message, count, someone's unread count); `memberIds` are those whose list shows it. */
  'conversation.indexed': { conversationId: string; memberIds: string[] };

  // Notifications (server/social), mirrored into each user's inbox document.
  'notification.created': { userId: string; notification: Notification };
  'notifications.read': { userId: string; ids: string[] | 'all' };

  // Presence (server/sync): announced by the sync server as sockets open and close.
  /** The user's first sync socket opened (they had none). */
  'presence.online': { userId: string };
  /** The user's last sync socket closed (they have none left). */
  'presence.offline': { userId: string };
}

/** A typed in-process event bus; a listener's failure never breaks the publisher. */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(private readonly onListenerError: (event: string, err: unknown) => void = () => {}) {
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof DomainEvents>(event: K, listener: (payload: DomainEvents[K]) => void): () => void {
    const safe = (payload: DomainEvents[K]) => {
      try {
        listener(payload);
      } catch (err) {
        this.onListenerError(event, err);
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.emitter.emit(event, payload);
  }
}
