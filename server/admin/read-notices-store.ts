import type { Db } from '../db/database.js';

/** All SQL on `admin_read_notices`: when each admin last told a conversation they read it. */
export class ReadNoticesStore {
  constructor(private readonly db: Db) {}

  /** Claims the right to tell members again: true (and recorded) when the last notice is older than `intervalMs`. */
  claim(adminId: string, conversationId: string, intervalMs: number, now = Date.now()): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO admin_read_notices (admin_id, conversation_id, notified_at) VALUES (?, ?, ?)
         ON CONFLICT (admin_id, conversation_id) DO UPDATE SET notified_at = excluded.notified_at WHERE notified_at <= ?`,
      )
      .run(adminId, conversationId, now, now - intervalMs);
    return result.changes === 1;
  }
}
