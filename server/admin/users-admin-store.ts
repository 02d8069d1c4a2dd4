import type { Db } from '../db/database.js';

/** Read-only SQL for the admin user list. */
export class UsersAdminStore {
  constructor(private readonly db: Db) {}

  /** Live sessions (neither revoked nor expired) of each user, counted in one query; 0 for users without any. */
  liveSessionCounts(userIds: string[], now = Date.now()): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT user_id, count(*) AS n FROM sessions
         WHERE user_id IN (SELECT value FROM json_each(?)) AND revoked_at IS NULL AND expires_at > ? GROUP BY user_id`,
      )
      .all(JSON.stringify(userIds), now) as Array<{ user_id: string; n: number }>;
    const counts = new Map(userIds.map((id) => [id, 0]));
    for (const r of rows) counts.set(r.user_id, r.n);
    return counts;
  }
}
