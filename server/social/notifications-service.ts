import { randomUUID } from 'node:crypto';
import { isoTime, pageOf, pageOffset } from '../../shared/api/common.js';
import type { Notification, NotificationType, UserSettings } from '../../shared/api/social.js';
import { publicView } from '../accounts/user-view.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { EventBus } from '../events.js';
import type { Mailer } from '../mail/mailer.js';
import { friendRequestMail, missedMessagesMail } from '../mail/templates.js';
import type { NotificationData, NotificationRow, NotificationsStore } from './notifications-store.js';
import { usersById } from './people.js';

const DAY = 24 * 3600_000;

/** Stored notifications, their read state, per-user settings, and the mails they allow. */
export class NotificationsService {
  constructor(
    private readonly store: NotificationsStore,
    private readonly users: UsersStore,
    private readonly mailer: Mailer,
    private readonly appUrl: string,
    private readonly events: EventBus,
  ) {}

  /** Records a notification for `userId` and announces it (the user's inbox document shows it live). */
  notify(userId: string, type: NotificationType, actorId: string | null, data: NotificationData = {}): void {
    const row: NotificationRow = { id: randomUUID(), user_id: userId, type, actor_id: actorId, data, created_at: Date.now(), read_at: null };
    this.store.insert({ id: row.id, userId, type, actorId, data }, row.created_at);
    const actor = actorId ? this.users.byId(actorId) : undefined;
    this.events.emit('notification.created', { userId, notification: view(row, actor) });
  }

  /** Mails `recipientId` about a friend request from `senderId`, when their settings allow it. */
  mailFriendRequest(recipientId: string, senderId: string): void {
    const [recipient, sender] = [this.users.byId(recipientId), this.users.byId(senderId)];
    // Unverified addresses may belong to someone who never signed up: never mail them on others' behalf.
    if (!recipient || !sender || recipient.deactivated_at !== null || recipient.email_verified_at === null) return;
    if (!this.store.settings(recipientId).emailFriendRequests) return;
    // Request, cancel, request again... must not become a mail bomb: one mail per sender a day.
    if (this.store.countFrom(recipientId, 'friend_request.received', senderId, Date.now() - DAY) > 1) return;
    this.mailer.send({ to: recipient.email, ...friendRequestMail({ username: recipient.username, fromUsername: sender.username, appUrl: this.appUrl }) });
  }

  /** Whether `userId` already has an unread notification of `type` about a conversation (to coalesce them). */
  hasUnreadAbout(userId: string, type: NotificationType, conversationId: string): boolean {
    return this.store.hasUnreadAbout(userId, type, conversationId);
  }

  /**
   * Mails `recipientId` that `senderId` wrote in `conversationLabel` while they were away, when their
   * `emailMissedMessages` setting is on and their address is verified; `claim` is the throttle
   * (called last, so a mail that may not go out does not use up the hour). Returns whether it was sent.
   */
  mailMissedMessages(recipientId: string, senderId: string, conversationLabel: string | null, claim: () => boolean): boolean {
    const [recipient, sender] = [this.users.byId(recipientId), this.users.byId(senderId)];
    if (!recipient || !sender || recipient.deactivated_at !== null || recipient.email_verified_at === null) return false;
    if (!this.store.settings(recipientId).emailMissedMessages || !claim()) return false;
    this.mailer.send({
      to: recipient.email,
      ...missedMessagesMail({ username: recipient.username, fromUsername: sender.username, groupName: conversationLabel, appUrl: this.appUrl }),
    });
    return true;
  }

  /** One page of `me`'s notifications (newest first) with the number still unread. */
  list(me: string, unreadOnly: boolean, page: number, size: number) {
    const at = { page, size };
    const { rows, total } = this.store.page(me, unreadOnly, size, pageOffset(at));
    const actors = usersById(this.users, rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])));
    const items = rows.map((r) => view(r, r.actor_id ? actors.get(r.actor_id) : undefined));
    return { ...pageOf(items, total, at), unreadCount: this.store.unreadCount(me) };
  }

  /** Marks the given notifications (or all) of `me` read; unknown ids and other people's are ignored. */
  markRead(me: string, which: { ids: string[] } | { all: true }): void {
    if ('ids' in which) this.store.markRead(me, which.ids);
    else this.store.markAllRead(me);
    this.events.emit('notifications.read', { userId: me, ids: 'ids' in which ? which.ids : 'all' });
  }

  settings(me: string): UserSettings {
    return this.store.settings(me);
  }

  updateSettings(me: string, changes: Partial<UserSettings>): UserSettings {
    const next = { ...this.store.settings(me), ...stripUndefined(changes) };
    this.store.saveSettings(me, next);
    return next;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function view(r: NotificationRow, actor: Parameters<typeof publicView>[0] | undefined): Notification {
  return {
    id: r.id,
    type: r.type,
    actor: actor ? publicView(actor) : null,
    ...r.data,
    createdAt: isoTime(r.created_at),
    read: r.read_at !== null,
  };
}
