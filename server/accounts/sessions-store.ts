import type { Db } from '../db/database.js';

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokenRow {
  token_hash: string;
  session_id: string;
  created_at: number;
  rotated_at: number | null;
}

/** All SQL on `sessions` and `refresh_tokens`. */
/** A session still usable: neither revoked nor expired (bound to the current time). */
const ACTIVE = 'revoked_at IS NULL AND expires_at > ?';

export class SessionsStore {
  constructor(private readonly db: Db) {}

  create(s: { id: string; userId: string; expiresAt: number; userAgent: string | null; ip: string | null; refreshHash: string }, now = Date.now()): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, user_agent, ip) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(s.id, s.userId, now, now, s.expiresAt, s.userAgent, s.ip);
      this.addRefreshToken(s.id, s.refreshHash, now);
    })();
  }

  byId(id: string): SessionRow | undefined {
    return this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined;
  }

  /** Sessions still usable, newest first. */
  activeForUser(userId: string, now = Date.now()): SessionRow[] {
    return this.db.prepare(`SELECT * FROM sessions WHERE user_id = ? AND ${ACTIVE} ORDER BY last_used_at DESC`).all(userId, now) as SessionRow[];
  }

  /** How many sessions each user still has usable, counted in one query (users without any are absent). */
  countActive(userIds: readonly string[], now = Date.now()): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT user_id, count(*) AS n FROM sessions WHERE user_id IN (SELECT value FROM json_each(?)) AND ${ACTIVE} GROUP BY user_id`)
      .all(JSON.stringify(userIds), now) as Array<{ user_id: string; n: number }>;
    return new Map(rows.map((r) => [r.user_id, r.n]));
  }

  refreshToken(hash: string): RefreshTokenRow | undefined {
    return this.db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?').get(hash) as RefreshTokenRow | undefined;
  }

  addRefreshToken(sessionId: string, hash: string, now = Date.now()): void {
    this.db.prepare('INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)').run(hash, sessionId, now);
  }

  /** Marks the old token rotated and stores its successor; false when it was already rotated (a reuse). */
  rotate(oldHash: string, newHash: string, sessionId: string, expiresAt: number, now = Date.now()): boolean {
    return this.db.transaction(() => {
      const claimed = this.db
        .prepare('UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL')
        .run(now, oldHash).changes;
      if (claimed !== 1) return false;
      this.addRefreshToken(sessionId, newHash, now);
      this.db.prepare('UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ?').run(now, expiresAt, sessionId);
      return true;
    })();
  }

  revoke(id: string, reason: string, now = Date.now()): boolean {
    return this.db.prepare('UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL').run(now, reason, id).changes === 1;
  }

  /** Revokes every live session of a user except `keep`; returns the ids revoked. */
  revokeAllForUser(userId: string, reason: string, keep: string | null = null, now = Date.now()): string[] {
    return this.db
      .prepare(
        `UPDATE sessions SET revoked_at = ?, revoked_reason = ?
         WHERE user_id = ? AND revoked_at IS NULL AND id IS NOT ? RETURNING id`,
      )
      .pluck()
      .all(now, reason, userId, keep) as string[];
  }

  /** Drops sessions that ended long ago, with their refresh tokens. */
  prune(olderThan: number): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?)').run(olderThan, olderThan).changes;
  }
}

/** Whether a session can still authorize requests: not revoked, not expired, its user active. */
export function sessionIsLive(db: Db, sessionId: string, userId: string, now = Date.now()): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = ? AND s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.deactivated_at IS NULL`,
    )
    .get(sessionId, userId, now);
  return row !== undefined;
}
