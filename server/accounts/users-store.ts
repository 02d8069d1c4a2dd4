import type { Db } from '../db/database.js';

/** A row of `users`, as the services see it. */
export interface UserRow {
  id: string;
  username: string;
  email: string;
  password_hash: string;
  display_name: string | null;
  bio: string | null;
  avatar_id: string | null;
  email_verified_at: number | null;
  is_admin: number;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_last_step: number;
  created_at: number;
  updated_at: number;
  deactivated_at: number | null;
}

/** What others see of a user besides the username; `null` clears a field. */
export interface ProfileFields {
  displayName?: string | null;
  bio?: string | null;
  avatarId?: string | null;
}

export interface NewUser {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  verified: boolean;
}

/** Thrown when a unique index (username or email) refuses a write. */
export class DuplicateError extends Error {
  constructor(readonly field: 'username' | 'email') {
    super(`${field} already in use`);
  }
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** `%`, `_` and `\` are literal in searches. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function rethrowDuplicate(err: unknown): never {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    throw new DuplicateError(e.message?.includes('email') ? 'email' : 'username');
  }
  throw err;
}

/** All SQL on `users`. */
export class UsersStore {
  constructor(private readonly db: Db) {}

  insert(user: NewUser, now = Date.now()): UserRow {
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, username, email, email_normalized, password_hash, email_verified_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(user.id, user.username, user.email, normalizeEmail(user.email), user.passwordHash, user.verified ? now : null, now, now);
    } catch (err) {
      rethrowDuplicate(err);
    }
    return this.byId(user.id) as UserRow;
  }

  byId(id: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
  }

  byIds(ids: string[]): UserRow[] {
    if (ids.length === 0) return [];
    return this.db.prepare(`SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as UserRow[];
  }

  byUsername(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ? COLLATE NOCASE').get(username) as UserRow | undefined;
  }

  byEmail(email: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE email_normalized = ?').get(normalizeEmail(email)) as UserRow | undefined;
  }

  /** Login accepts a username or an email. */
  byLogin(login: string): UserRow | undefined {
    return login.includes('@') ? this.byEmail(login) : this.byUsername(login);
  }

  markVerified(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?').run(now, now, id);
  }

  setPasswordHash(id: string, hash: string, now = Date.now()): void {
    this.db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, now, id);
  }

  /** Changing the address also verifies it: it is only called with a confirmed mail token. */
  setEmail(id: string, email: string, now = Date.now()): void {
    try {
      this.db
        .prepare('UPDATE users SET email = ?, email_normalized = ?, email_verified_at = ?, updated_at = ? WHERE id = ?')
        .run(email, normalizeEmail(email), now, now, id);
    } catch (err) {
      rethrowDuplicate(err);
    }
  }

  /** Writes the given public profile fields (absent ones stay); false when none differed, and then nothing is written. */
  updateProfile(id: string, fields: ProfileFields, now = Date.now()): boolean {
    const given = (value: unknown) => (value !== undefined ? 1 : 0);
    return (
      this.db
        .prepare(
          `UPDATE users SET
             display_name = CASE WHEN @setName THEN @displayName ELSE display_name END,
             bio = CASE WHEN @setBio THEN @bio ELSE bio END,
             avatar_id = CASE WHEN @setAvatar THEN @avatarId ELSE avatar_id END,
             updated_at = @now
           WHERE id = @id
             AND ((@setName AND display_name IS NOT @displayName) OR (@setBio AND bio IS NOT @bio) OR (@setAvatar AND avatar_id IS NOT @avatarId))`,
        )
        .run({
          id,
          now,
          setName: given(fields.displayName),
          displayName: fields.displayName ?? null,
          setBio: given(fields.bio),
          bio: fields.bio ?? null,
          setAvatar: given(fields.avatarId),
          avatarId: fields.avatarId ?? null,
        }).changes === 1
    );
  }

  deactivate(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE users SET deactivated_at = COALESCE(deactivated_at, ?), updated_at = ? WHERE id = ?').run(now, now, id);
  }

  reactivate(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE users SET deactivated_at = NULL, updated_at = ? WHERE id = ?').run(now, id);
  }

  setAdmin(id: string, isAdmin: boolean, now = Date.now()): void {
    this.db.prepare('UPDATE users SET is_admin = ?, updated_at = ? WHERE id = ?').run(isAdmin ? 1 : 0, now, id);
  }

  setMfaPending(id: string, secret: string | null): void {
    this.db.prepare('UPDATE users SET mfa_pending_secret = ? WHERE id = ?').run(secret, id);
  }

  /** Enabling moves the pending secret into place and remembers the step just used. */
  enableMfa(id: string, step: number, now = Date.now()): void {
    this.db
      .prepare('UPDATE users SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_last_step = ?, updated_at = ? WHERE id = ?')
      .run(step, now, id);
  }

  disableMfa(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE users SET mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = 0, updated_at = ? WHERE id = ?').run(now, id);
  }

  /** Records a used TOTP step; false when that step (or a later one) was already used: a replay. */
  claimMfaStep(id: string, step: number): boolean {
    return this.db.prepare('UPDATE users SET mfa_last_step = ? WHERE id = ? AND mfa_last_step < ?').run(step, id, step).changes === 1;
  }

  /** Users whose username, display name (or, for admins, email) contains `q`, usernames starting with it first. */
  search(
    q: string,
    limit: number,
    offset: number,
    excludeIds: string[] = [],
    scope: 'active' | 'all' = 'active',
  ): { rows: UserRow[]; total: number } {
    const pattern = `%${likeEscape(q.toLowerCase())}%`;
    const where = `(@all = 1 OR deactivated_at IS NULL)
      AND (@all = 1 AND email_normalized LIKE @pattern ESCAPE '\\' OR username LIKE @pattern ESCAPE '\\' OR lower(coalesce(display_name, '')) LIKE @pattern ESCAPE '\\')
      AND id NOT IN (SELECT value FROM json_each(@exclude))`;
    const params = { pattern, prefix: `${likeEscape(q.toLowerCase())}%`, exclude: JSON.stringify(excludeIds), all: scope === 'all' ? 1 : 0 };
    const total = (this.db.prepare(`SELECT count(*) AS n FROM users WHERE ${where}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT * FROM users WHERE ${where}
         ORDER BY (username LIKE @prefix ESCAPE '\\') DESC, username LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as UserRow[];
    return { rows, total };
  }
}
