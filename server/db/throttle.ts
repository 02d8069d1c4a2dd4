import type { Db } from './database.js';

/** A table of once-per-interval claims: primary key (subject column, conversation_id), a time column. */
export interface ThrottleTable {
  table: string;
  subject: string;
  time: string;
}

/**
 * Claims the right for `subjectId` to act on `conversationId` again: true (and recorded) when its
 * last claim is older than `intervalMs`. One statement, so concurrent claims cannot both win.
 */
export function claimOncePer(db: Db, t: ThrottleTable, subjectId: string, conversationId: string, intervalMs: number, now = Date.now()): boolean {
  const result = db
    .prepare(
      `INSERT INTO ${t.table} (${t.subject}, conversation_id, ${t.time}) VALUES (?, ?, ?)
       ON CONFLICT (${t.subject}, conversation_id) DO UPDATE SET ${t.time} = excluded.${t.time} WHERE ${t.time} <= ?`,
    )
    .run(subjectId, conversationId, now, now - intervalMs);
  return result.changes === 1;
}
