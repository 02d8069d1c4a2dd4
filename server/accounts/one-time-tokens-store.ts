import type { Db } from '../db/database.js';

export type TokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

export interface OneTimeTokenRow {
  token_hash: string;
  user_id: string;
  purpose: TokenPurpose;
  payload: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** All SQL on `one_time_tokens` (mail links) and `mfa_recovery_codes`. */
export class OneTimeTokensStore {
  constructor(private readonly db: Db) {}

  /** Issuing a token supersedes the user's earlier unused tokens of the same purpose. */
  issue(t: { hash: string; userId: string; purpose: TokenPurpose; payload?: string; expiresAt: number }, now = Date.now()): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL').run(now, t.userId, t.purpose);
      this.db
        .prepare('INSERT INTO one_time_tokens (token_hash, user_id, purpose, payload, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(t.hash, t.userId, t.purpose, t.payload ?? null, now, t.expiresAt);
    })();
  }

  /** Atomically uses a live token of one of `purposes`; undefined when unknown, used or expired. */
  consume(hash: string, purposes: TokenPurpose[], now = Date.now()): OneTimeTokenRow | undefined {
    return this.db
      .prepare(
        `UPDATE one_time_tokens SET used_at = ?
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND purpose IN (SELECT value FROM json_each(?))
         RETURNING *`,
      )
      .get(now, hash, now, JSON.stringify(purposes)) as OneTimeTokenRow | undefined;
  }

  /** A live token of one of `purposes`, without using it. */
  peek(hash: string, purposes: TokenPurpose[], now = Date.now()): OneTimeTokenRow | undefined {
    return this.db
      .prepare(
        `SELECT * FROM one_time_tokens
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? AND purpose IN (SELECT value FROM json_each(?))`,
      )
      .get(hash, now, JSON.stringify(purposes)) as OneTimeTokenRow | undefined;
  }

  replaceRecoveryCodes(userId: string, hashes: string[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM mfa_recovery_codes WHERE user_id = ?').run(userId);
      const insert = this.db.prepare('INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)');
      for (const h of hashes) insert.run(userId, h);
    })();
  }

  /** Uses a recovery code once; false when unknown or already used. */
  consumeRecoveryCode(userId: string, hash: string, now = Date.now()): boolean {
    return (
      this.db.prepare('UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL').run(now, userId, hash)
        .changes === 1
    );
  }

  deleteRecoveryCodes(userId: string): void {
    this.db.prepare('DELETE FROM mfa_recovery_codes WHERE user_id = ?').run(userId);
  }
}
