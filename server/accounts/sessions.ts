import { randomUUID } from 'node:crypto';
import { isoTime } from '../../shared/api/common.js';
import { ErrorCode } from '../../shared/api/errors.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import { unauthorized } from '../http/errors.js';
import type { AuthInfo } from '../http/state.js';
import type { AccessTokens } from './access-tokens.js';
import { randomToken, sha256 } from './crypto.js';
import { sessionIsLive, type SessionsStore } from './sessions-store.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

/**
 * Sessions: one per login, holding a chain of rotating refresh tokens.
 * Access tokens are only honoured while their session is live, so revocation is immediate.
 */
export class Sessions {
  constructor(
    private readonly db: Db,
    private readonly store: SessionsStore,
    private readonly tokens: AccessTokens,
    private readonly refreshTtlSeconds: number,
    private readonly events: EventBus,
  ) {}

  start(userId: string, client: ClientInfo): TokenPair & { sessionId: string } {
    const sessionId = randomUUID();
    const refreshToken = randomToken();
    this.store.create({
      id: sessionId,
      userId,
      expiresAt: Date.now() + this.refreshTtlSeconds * 1000,
      userAgent: client.userAgent?.slice(0, 256) ?? null,
      ip: client.ip,
      refreshHash: sha256(refreshToken),
    });
    return { sessionId, refreshToken, accessToken: this.tokens.sign(userId, sessionId), expiresIn: this.tokens.ttlSeconds };
  }

  /** Rotates a refresh token. Presenting an already-rotated one means it leaked: the whole session ends. */
  refresh(refreshToken: string): TokenPair {
    const row = this.store.refreshToken(sha256(refreshToken));
    const session = row && this.store.byId(row.session_id);
    if (!row || !session) throw unauthorized('Invalid refresh token', ErrorCode.invalidToken);
    if (row.rotated_at !== null) {
      this.revoke(session.id, 'refresh_token_reuse');
      throw unauthorized('Refresh token was already used; the session has been ended', 'refresh_token_reused');
    }
    if (!sessionIsLive(this.db, session.id, session.user_id)) throw unauthorized('Session has ended', ErrorCode.sessionRevoked);
    const next = randomToken();
    if (!this.store.rotate(row.token_hash, sha256(next), session.id, Date.now() + this.refreshTtlSeconds * 1000)) {
      // Lost a race with a concurrent use of the same token: that is a reuse too.
      this.revoke(session.id, 'refresh_token_reuse');
      throw unauthorized('Refresh token was already used; the session has been ended', 'refresh_token_reused');
    }
    return { accessToken: this.tokens.sign(session.user_id, session.id), refreshToken: next, expiresIn: this.tokens.ttlSeconds };
  }

  /** Resolves a bearer token to the caller, or throws 401. */
  authenticate(accessToken: string): AuthInfo {
    const claims = this.tokens.verify(accessToken);
    if (claims === 'expired') throw unauthorized('Access token has expired', ErrorCode.tokenExpired);
    if (claims === 'invalid') throw unauthorized('Invalid access token', ErrorCode.invalidToken);
    if (!sessionIsLive(this.db, claims.sessionId, claims.userId)) throw unauthorized('Session has ended', ErrorCode.sessionRevoked);
    return { userId: claims.userId, sessionId: claims.sessionId };
  }

  /** Whether the session still stands (not revoked or expired, account active). */
  isLive(sessionId: string, userId: string): boolean {
    return sessionIsLive(this.db, sessionId, userId);
  }

  /** How many usable sessions each user has (admin lists). */
  countActive(userIds: readonly string[]): Map<string, number> {
    return this.store.countActive(userIds);
  }

  list(userId: string, currentSessionId: string) {
    return this.store.activeForUser(userId).map((s) => ({
      id: s.id,
      createdAt: isoTime(s.created_at),
      lastUsedAt: isoTime(s.last_used_at),
      userAgent: s.user_agent,
      ip: s.ip,
      current: s.id === currentSessionId,
    }));
  }

  /** Ends one session of `userId`; false when it is not theirs or already ended. */
  revokeOwn(userId: string, sessionId: string, reason: string): boolean {
    const s = this.store.byId(sessionId);
    if (!s || s.user_id !== userId || s.revoked_at !== null) return false;
    this.revoke(sessionId, reason);
    return true;
  }

  revoke(sessionId: string, reason: string): void {
    const s = this.store.byId(sessionId);
    if (s && this.store.revoke(sessionId, reason)) {
      this.events.emit('sessions.revoked', { userId: s.user_id, sessionIds: [sessionId], reason });
    }
  }

  /** Ends every session of a user but `keep` (password change keeps the caller's own). */
  revokeAll(userId: string, reason: string, keep: string | null = null): void {
    const ids = this.store.revokeAllForUser(userId, reason, keep);
    if (ids.length > 0) this.events.emit('sessions.revoked', { userId, sessionIds: ids, reason });
  }
}
