import type { Role } from '../../shared/api/social.js';
import type { Db } from '../db/database.js';

/** A row of `conversations`. */
export interface ConversationRow {
  id: string;
  type: 'direct' | 'group';
  direct_key: string | null;
  name: string | null;
  avatar_id: string | null;
  created_by: string | null;
  created_at: number;
  last_activity_at: number;
  closed_at: number | null;
  archived_at: number | null;
}

/** A row of `conversation_members`. */
export interface MemberRow {
  conversation_id: string;
  user_id: string;
  role: Role;
  joined_at: number;
}

/** All SQL on `conversations` and `conversation_members`; the sync engine asks it about membership too. */
export class ConversationsStore {
  constructor(private readonly db: Db) {}

  /** Whether a conversation with this id exists (archived groups included). */
  conversationExists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversations WHERE id = ?').get(id) !== undefined;
  }

  /** Everyone who shares a conversation with `userId` (not themselves). */
  peersOf(userId: string): string[] {
    return this.db
      .prepare(
        `SELECT DISTINCT other.user_id FROM conversation_members mine
         JOIN conversation_members other ON other.conversation_id = mine.conversation_id AND other.user_id <> mine.user_id
         WHERE mine.user_id = ?`,
      )
      .pluck()
      .all(userId) as string[];
  }

  /** Whether `userId` currently belongs to the conversation. */
  isMember(conversationId: string, userId: string): boolean {
    return this.db.prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND user_id = ?').get(conversationId, userId) !== undefined;
  }

  byId(id: string): ConversationRow | undefined {
    return this.db.prepare('SELECT * FROM conversations WHERE id = ?').get(id) as ConversationRow | undefined;
  }

  directByKey(key: string): ConversationRow | undefined {
    return this.db.prepare('SELECT * FROM conversations WHERE direct_key = ?').get(key) as ConversationRow | undefined;
  }

  /**
   * Creates the direct conversation of a pair unless it exists; true when this call created it.
   * The unique index on `direct_key` decides, so two concurrent creators end up with one row.
   */
  insertDirect(c: { id: string; key: string; createdBy: string }, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO conversations (id, type, direct_key, created_by, created_at, last_activity_at)
           VALUES (?, 'direct', ?, ?, ?, ?) ON CONFLICT (direct_key) DO NOTHING`,
        )
        .run(c.id, c.key, c.createdBy, now, now).changes === 1
    );
  }

  insertGroup(c: { id: string; name: string; avatarId: string | null; createdBy: string }, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO conversations (id, type, name, avatar_id, created_by, created_at, last_activity_at)
         VALUES (?, 'group', ?, ?, ?, ?, ?)`,
      )
      .run(c.id, c.name, c.avatarId, c.createdBy, now, now);
  }

  /** Members of these conversations, longest-standing first. */
  members(conversationIds: string[]): MemberRow[] {
    if (conversationIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT conversation_id, user_id, role, joined_at FROM conversation_members
         WHERE conversation_id IN (SELECT value FROM json_each(?)) ORDER BY joined_at, rowid`,
      )
      .all(JSON.stringify(conversationIds)) as MemberRow[];
  }

  membership(conversationId: string, userId: string): MemberRow | undefined {
    return this.db
      .prepare('SELECT conversation_id, user_id, role, joined_at FROM conversation_members WHERE conversation_id = ? AND user_id = ?')
      .get(conversationId, userId) as MemberRow | undefined;
  }

  /** Adds a member; false when they already belong (the primary key decides). */
  addMember(conversationId: string, userId: string, role: Role, now = Date.now()): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO conversation_members (conversation_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (conversation_id, user_id) DO NOTHING`,
        )
        .run(conversationId, userId, role, now).changes === 1
    );
  }

  removeMember(conversationId: string, userId: string): boolean {
    return this.db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?').run(conversationId, userId).changes === 1;
  }

  setRole(conversationId: string, userId: string, role: Role): void {
    this.db.prepare('UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND user_id = ?').run(role, conversationId, userId);
  }

  memberCount(conversationId: string): number {
    return this.db.prepare('SELECT count(*) FROM conversation_members WHERE conversation_id = ?').pluck().get(conversationId) as number;
  }

  /** Records activity; never moves backwards, so the newest activity wins whatever the order of writes. */
  touch(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE conversations SET last_activity_at = max(last_activity_at, ?) WHERE id = ?').run(now, id);
  }

  setName(id: string, name: string): void {
    this.db.prepare('UPDATE conversations SET name = ? WHERE id = ?').run(name, id);
  }

  setAvatar(id: string, avatarId: string | null): void {
    this.db.prepare('UPDATE conversations SET avatar_id = ? WHERE id = ?').run(avatarId, id);
  }

  archive(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE conversations SET archived_at = COALESCE(archived_at, ?) WHERE id = ?').run(now, id);
  }

  /** Closes (`closedAt` set) or reopens (null) a direct conversation; true when its state changed. */
  setClosed(id: string, closedAt: number | null): boolean {
    const sql = closedAt === null
      ? 'UPDATE conversations SET closed_at = NULL WHERE id = ? AND closed_at IS NOT NULL'
      : 'UPDATE conversations SET closed_at = ? WHERE id = ? AND closed_at IS NULL';
    const result = closedAt === null ? this.db.prepare(sql).run(id) : this.db.prepare(sql).run(closedAt, id);
    return result.changes === 1;
  }

  /** One page of a user's conversations, most recent activity first. */
  pageForUser(userId: string, limit: number, offset: number): { rows: ConversationRow[]; total: number } {
    const total = this.db.prepare('SELECT count(*) FROM conversation_members WHERE user_id = ?').pluck().get(userId) as number;
    const rows = this.db
      .prepare(
        `SELECT c.* FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
         WHERE m.user_id = ? ORDER BY c.last_activity_at DESC, c.id LIMIT ? OFFSET ?`,
      )
      .all(userId, limit, offset) as ConversationRow[];
    return { rows, total };
  }
}
