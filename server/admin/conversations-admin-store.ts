import type { Db } from '../db/database.js';
import type { ConversationRow } from '../social/conversations-store.js';
import type { StoredRows } from '../sync/persistence.js';

/** A conversation with what the list shows about it. */
export interface AdminConversationRow extends ConversationRow {
  member_count: number;
  /** From the derived index: messages by people (0 before the first is indexed). */
  message_count: number;
  /** Members' usernames separated by newlines (null without members). */
  member_names: string | null;
}

export interface AdminMemberRow {
  user_id: string;
  username: string | null;
  role: string;
  joined_at: number;
}

/** The derived index of one conversation (server/messaging/index-store.ts writes it). */
export interface IndexRows {
  index: { message_count: number; last_message_id: string | null; last_message_text: string | null; last_message_deleted: number; updated_at: number } | null;
  reads: Array<{ user_id: string; read_message_id: string | null; unread_count: number }>;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

interface StorageRow {
  id: string;
  snapshot_seq: number | null;
  snapshot_bytes: number | null;
  snapshot_at: number | null;
  updates: number;
  update_bytes: number;
  last_seq: number | null;
  last_update_at: number | null;
}

/** Sizes of what is stored for one document. */
export interface StoredSize {
  snapshot: { seq: number; bytes: number; updatedAt: number } | null;
  /** Updates stored after the snapshot (not yet compacted). */
  updates: number;
  updateBytes: number;
  /** Highest seq stored (0 when none). */
  lastSeq: number;
  /** When the newest row was written (null when nothing is stored). */
  lastWriteAt: number | null;
}

/** Nothing stored yet for a document. */
export const NOTHING_STORED: StoredSize = { snapshot: null, updates: 0, updateBytes: 0, lastSeq: 0, lastWriteAt: null };

/** The sizes of rows already read (what `storage` would count in SQL). */
export function storedSizeOf(rows: StoredRows): StoredSize {
  const last = rows.updates.at(-1);
  const snapshot = rows.snapshot ? { seq: rows.snapshot.seq, bytes: rows.snapshot.bytes.length, updatedAt: rows.snapshot.updatedAt } : null;
  const lastUpdateAt = rows.updates.reduce((max, u) => Math.max(max, u.createdAt), 0);
  return {
    snapshot,
    updates: rows.updates.length,
    updateBytes: rows.updates.reduce((sum, u) => sum + u.bytes.length, 0),
    lastSeq: last?.seq ?? snapshot?.seq ?? 0,
    lastWriteAt: Math.max(lastUpdateAt, snapshot?.updatedAt ?? 0) || null,
  };
}

const storedSize = (r: StorageRow): StoredSize => ({
  snapshot: r.snapshot_seq === null ? null : { seq: r.snapshot_seq, bytes: r.snapshot_bytes ?? 0, updatedAt: r.snapshot_at ?? 0 },
  updates: r.updates,
  updateBytes: r.update_bytes,
  lastSeq: r.last_seq ?? r.snapshot_seq ?? 0,
  lastWriteAt: Math.max(r.last_update_at ?? 0, r.snapshot_at ?? 0) || null,
});

/** Read-only SQL for admins: conversations across every user, their members, and their index rows. */
export class ConversationsAdminStore {
  constructor(private readonly db: Db) {}

  /** A page of every conversation, most recent activity first; `q` matches a group name or a member's username. */
  page(q: string, limit: number, offset: number): { rows: AdminConversationRow[]; total: number } {
    const where = `WHERE @q = '' OR c.name LIKE @like ESCAPE '\\' OR EXISTS (
      SELECT 1 FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = c.id AND u.username LIKE @like ESCAPE '\\')`;
    const params = { q, like: `%${escapeLike(q)}%` };
    const total = this.db.prepare(`SELECT count(*) FROM conversations c ${where}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(`${SELECT_SUMMARY} ${where} ORDER BY c.last_activity_at DESC, c.id LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit, offset }) as AdminConversationRow[];
    return { rows, total };
  }

  /** One conversation with its list stats, or undefined. */
  one(id: string): AdminConversationRow | undefined {
    return this.db.prepare(`${SELECT_SUMMARY} WHERE c.id = ?`).get(id) as AdminConversationRow | undefined;
  }

  /** Every conversation id, oldest first. */
  ids(): string[] {
    return this.db.prepare('SELECT id FROM conversations ORDER BY created_at, id').pluck().all() as string[];
  }

  members(conversationId: string): AdminMemberRow[] {
    return this.db
      .prepare(
        `SELECT m.user_id, u.username, m.role, m.joined_at FROM conversation_members m LEFT JOIN users u ON u.id = m.user_id
         WHERE m.conversation_id = ? ORDER BY m.joined_at, m.user_id`,
      )
      .all(conversationId) as AdminMemberRow[];
  }

  /** What is stored for each of the given documents (snapshot, updates after it), in one query for all of them. */
  storage(conversationIds: string[]): Map<string, StoredSize> {
    const rows = this.db
      .prepare(
        `SELECT ids.value AS id, s.seq AS snapshot_seq, length(s.snapshot) AS snapshot_bytes, s.updated_at AS snapshot_at,
           count(u.seq) AS updates, coalesce(sum(length(u."update")), 0) AS update_bytes, max(u.seq) AS last_seq, max(u.created_at) AS last_update_at
         FROM json_each(?) ids
         LEFT JOIN doc_snapshots s ON s.conversation_id = ids.value
         LEFT JOIN doc_updates u ON u.conversation_id = ids.value
         GROUP BY ids.value`,
      )
      .all(JSON.stringify(conversationIds)) as StorageRow[];
    return new Map(rows.map((r) => [r.id, storedSize(r)]));
  }

  /** The index rows of a conversation, as stored. */
  indexRows(conversationId: string): IndexRows {
    const index = this.db
      .prepare('SELECT message_count, last_message_id, last_message_text, last_message_deleted, updated_at FROM conversation_index WHERE conversation_id = ?')
      .get(conversationId) as IndexRows['index'] | undefined;
    const reads = this.db
      .prepare('SELECT user_id, read_message_id, unread_count FROM conversation_reads WHERE conversation_id = ? ORDER BY user_id')
      .all(conversationId) as IndexRows['reads'];
    return { index: index ?? null, reads };
  }
}

const SELECT_SUMMARY = `SELECT c.*,
  (SELECT count(*) FROM conversation_members m WHERE m.conversation_id = c.id) AS member_count,
  coalesce(i.message_count, 0) AS message_count,
  (SELECT group_concat(u.username, char(10)) FROM conversation_members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = c.id) AS member_names
  FROM conversations c LEFT JOIN conversation_index i ON i.conversation_id = c.id`;
