import { z } from 'zod';
import { UserSettings, type NotificationType } from '../../shared/api/social.js';
import type { Db } from '../db/database.js';

/** What a notification points at, stored as JSON in `notifications.data`. */
const NotificationData = z.object({
  requestId: z.string().optional(),
  conversationId: z.string().optional(),
  messageId: z.string().optional(),
  groupName: z.string().optional(),
});
export type NotificationData = z.infer<typeof NotificationData>;

/** A notification as the service sees it (data already validated). */
export interface NotificationRow {
  id: string;
  user_id: string;
  type: NotificationType;
  actor_id: string | null;
  data: NotificationData;
  created_at: number;
  read_at: number | null;
}

type RawRow = Omit<NotificationRow, 'data'> & { data: string };

/**
 * Stored JSON is checked on the way out: a row that predates a field or got damaged degrades
 * to `fallback` instead of failing the request.
 */
function readJson<T>(raw: string | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

/** All SQL on `notifications` and `user_settings`. */
export class NotificationsStore {
  constructor(private readonly db: Db) {}

  insert(n: { id: string; userId: string; type: NotificationType; actorId: string | null; data: NotificationData }, now = Date.now()): void {
    this.db
      .prepare('INSERT INTO notifications (id, user_id, type, actor_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(n.id, n.userId, n.type, n.actorId, JSON.stringify(n.data), now);
  }

  /** One page of a user's notifications, newest first, optionally only unread ones. */
  page(userId: string, unreadOnly: boolean, limit: number, offset: number): { rows: NotificationRow[]; total: number } {
    const where = `user_id = @userId${unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const total = this.db.prepare(`SELECT count(*) FROM notifications WHERE ${where}`).pluck().get({ userId }) as number;
    const raw = this.db
      .prepare(`SELECT * FROM notifications WHERE ${where} ORDER BY created_at DESC, rowid DESC LIMIT @limit OFFSET @offset`)
      .all({ userId, limit, offset }) as RawRow[];
    return { rows: raw.map((r) => ({ ...r, data: readJson(r.data, NotificationData, {}) })), total };
  }

  unreadCount(userId: string): number {
    return this.db.prepare('SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL').pluck().get(userId) as number;
  }

  /** Marks some of the user's notifications read; ids of other users' notifications are ignored. */
  markRead(userId: string, ids: string[], now = Date.now()): void {
    this.db
      .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (SELECT value FROM json_each(?))')
      .run(now, userId, JSON.stringify(ids));
  }

  markAllRead(userId: string, now = Date.now()): void {
    this.db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL').run(now, userId);
  }

  /** How many notifications of `type` from `actorId` the user got since `since` (to throttle mails). */
  countFrom(userId: string, type: NotificationType, actorId: string, since: number): number {
    return this.db
      .prepare('SELECT count(*) FROM notifications WHERE user_id = ? AND type = ? AND actor_id = ? AND created_at >= ?')
      .pluck()
      .get(userId, type, actorId, since) as number;
  }

  /** Whether the user has an unread notification of `type` about this conversation. */
  hasUnreadAbout(userId: string, type: NotificationType, conversationId: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM notifications WHERE user_id = ? AND type = ? AND read_at IS NULL AND json_extract(data, '$.conversationId') = ? LIMIT 1`,
        )
        .get(userId, type, conversationId) !== undefined
    );
  }

  settings(userId: string): UserSettings {
    const raw = this.db.prepare('SELECT settings FROM user_settings WHERE user_id = ?').pluck().get(userId) as string | undefined;
    // Missing keys take their defaults, so a setting added later needs no migration.
    return readJson(raw ?? '{}', UserSettings, UserSettings.parse({}));
  }

  saveSettings(userId: string, settings: UserSettings, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO user_settings (user_id, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(userId, JSON.stringify(settings), now);
  }
}
