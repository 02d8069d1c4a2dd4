import type { Db } from '../db/database.js';
import { claimOncePer } from '../db/throttle.js';

/** All SQL on `admin_read_notices`: when each admin last told a conversation they read it. */
export class ReadNoticesStore {
  constructor(private readonly db: Db) {}

  /** Claims the right to tell members again: true (and recorded) when the last notice is older than `intervalMs`. */
  claim(adminId: string, conversationId: string, intervalMs: number, now = Date.now()): boolean {
    return claimOncePer(this.db, { table: 'admin_read_notices', subject: 'admin_id', time: 'notified_at' }, adminId, conversationId, intervalMs, now);
  }
}
