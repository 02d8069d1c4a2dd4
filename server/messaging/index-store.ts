import type { Db } from '../db/database.js';
import { claimOncePer } from '../db/throttle.js';

/** The newest message by a person in a conversation, as the index keeps it. */
export interface IndexedLastMessage {
  id: string;
  author: string;
  /** Null when the message was deleted. */
  text: string | null;
  createdAt: number;
  deleted: boolean;
}

/** What the index knows about one conversation, derived from its document. */
export interface ConversationSummary {
  messageCount: number;
  last: IndexedLastMessage | null;
  /** Per member: how far they have read (message id) and how many messages of others are unread. */
  reads: Map<string, { readMessageId: string | null; unread: number }>;
}

/** One conversation in the list, as one viewer sees it. */
export interface ViewerSummary {
  unreadCount: number;
  lastMessage: IndexedLastMessage | null;
}

interface SummaryRow {
  conversation_id: string;
  last_message_id: string | null;
  last_message_author: string | null;
  last_message_text: string | null;
  last_message_created_at: number | null;
  last_message_deleted: number;
  unread_count: number | null;
}

/** All SQL of messaging: the derived conversation index, read positions and the missed-mail throttle. */
/** What an index write did: per-member rows written or removed, and whose conversation list changed. */
export interface IndexWrite {
  rows: number;
  changedFor: string[];
}

export class MessagingStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      upsertIndex: db.prepare(
        `INSERT INTO conversation_index (conversation_id, message_count, last_message_id, last_message_author, last_message_text,
           last_message_created_at, last_message_deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET message_count = excluded.message_count, last_message_id = excluded.last_message_id,
           last_message_author = excluded.last_message_author, last_message_text = excluded.last_message_text,
           last_message_created_at = excluded.last_message_created_at, last_message_deleted = excluded.last_message_deleted,
           updated_at = excluded.updated_at`,
      ),
      listed: db.prepare<[string], { message_count: number; last_message_id: string | null; last_message_text: string | null; last_message_deleted: number }>(
        'SELECT message_count, last_message_id, last_message_text, last_message_deleted FROM conversation_index WHERE conversation_id = ?',
      ),
      reads: db.prepare<[string], { user_id: string; read_message_id: string | null; unread_count: number }>(
        'SELECT user_id, read_message_id, unread_count FROM conversation_reads WHERE conversation_id = ?',
      ),
      upsertRead: db.prepare(
        `INSERT INTO conversation_reads (conversation_id, user_id, read_message_id, unread_count, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_message_id = excluded.read_message_id,
           unread_count = excluded.unread_count, updated_at = excluded.updated_at`,
      ),
      deleteRead: db.prepare('DELETE FROM conversation_reads WHERE conversation_id = ? AND user_id = ?'),
    };
  }

  /**
   * Brings a conversation's index rows to `summary` (one transaction). The conversation's row is
   * always written: its `updated_at` tells `stale()` which stored updates it covers. Of the
   * per-member rows only those that differ are written (a read receipt changes one member's row,
   * not every member's), and rows of people no longer members are removed. Returns how many
   * per-member rows were written or removed, and whose conversation list now reads differently:
   * everyone's when the last message or the count changed, else those whose own row changed
   * (a delivered receipt or an edit of an old message changes nobody's list).
   */
  write(conversationId: string, summary: ConversationSummary, now = Date.now()): IndexWrite {
    const last = summary.last;
    return this.db.transaction(() => {
      const before = this.stmts.listed.get(conversationId);
      const listChanged =
        before === undefined ||
        before.message_count !== summary.messageCount ||
        before.last_message_id !== (last?.id ?? null) ||
        before.last_message_text !== (last?.text ?? null) ||
        before.last_message_deleted !== (last?.deleted ? 1 : 0);
      this.stmts.upsertIndex.run(conversationId, summary.messageCount, last?.id ?? null, last?.author ?? null, last?.text ?? null, last?.createdAt ?? null, last?.deleted ? 1 : 0, now);
      const changedFor = new Set<string>(listChanged ? summary.reads.keys() : []);
      let rows = 0;
      const stored = new Map(this.stmts.reads.all(conversationId).map((r) => [r.user_id, r]));
      for (const [userId, r] of summary.reads) {
        const was = stored.get(userId);
        stored.delete(userId);
        if (was?.read_message_id === r.readMessageId && was.unread_count === r.unread) continue;
        this.stmts.upsertRead.run(conversationId, userId, r.readMessageId, r.unread, now);
        changedFor.add(userId);
        rows++;
      }
      for (const userId of stored.keys()) {
        this.stmts.deleteRead.run(conversationId, userId);
        changedFor.add(userId);
        rows++;
      }
      return { rows, changedFor: [...changedFor] };
    })();
  }

  /** The viewer's unread count and the last message of each conversation (absent: nothing indexed yet). */
  summaries(conversationIds: string[], viewerId: string): Map<string, ViewerSummary> {
    if (conversationIds.length === 0) return new Map();
    const rows = this.db
      .prepare(
        `SELECT i.conversation_id, i.last_message_id, i.last_message_author, i.last_message_text, i.last_message_created_at,
                i.last_message_deleted, r.unread_count
         FROM conversation_index i LEFT JOIN conversation_reads r ON r.conversation_id = i.conversation_id AND r.user_id = ?
         WHERE i.conversation_id IN (SELECT value FROM json_each(?))`,
      )
      .all(viewerId, JSON.stringify(conversationIds)) as SummaryRow[];
    return new Map(
      rows.map((r) => [
        r.conversation_id,
        {
          unreadCount: r.unread_count ?? 0,
          lastMessage:
            r.last_message_id === null
              ? null
              : {
                  id: r.last_message_id,
                  author: r.last_message_author as string,
                  text: r.last_message_text,
                  createdAt: r.last_message_created_at as number,
                  deleted: r.last_message_deleted === 1,
                },
        },
      ]),
    );
  }

  /**
   * Conversations whose index may be behind their document: data but no index row (written before
   * the index existed), or updates stored after the row was written (a crash between the two).
   */
  stale(): string[] {
    return this.db
      .prepare(
        `SELECT c.id FROM conversations c LEFT JOIN conversation_index i ON i.conversation_id = c.id
         WHERE (i.conversation_id IS NULL AND (EXISTS (SELECT 1 FROM doc_updates u WHERE u.conversation_id = c.id)
                                             OR EXISTS (SELECT 1 FROM doc_snapshots s WHERE s.conversation_id = c.id)))
            OR (i.conversation_id IS NOT NULL AND EXISTS (SELECT 1 FROM doc_updates u WHERE u.conversation_id = c.id AND u.created_at > i.updated_at))`,
      )
      .pluck()
      .all() as string[];
  }

  /**
   * Claims the right to mail `userId` about missed messages in a conversation: true (and recorded)
   * when no such mail went out in the last `intervalMs`.
   */
  claimMissedMail(userId: string, conversationId: string, intervalMs: number, now = Date.now()): boolean {
    return claimOncePer(this.db, { table: 'missed_message_mails', subject: 'user_id', time: 'sent_at' }, userId, conversationId, intervalMs, now);
  }
}
