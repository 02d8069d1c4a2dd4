import type { Middleware } from 'koa';
import type { AppState } from '../http/state.js';
import type { SessionAuthenticator } from '../sync/access.js';

/**
 * When each user was last around: an authenticated request, a sync socket opened, or a socket
 * still open. The sync server announces no socket closes, so users seen recently are checked every
 * `sampleMs` while they stay connected; their last sample is (to within `sampleMs`) when their last
 * socket closed. Only users seen within `awayMs` are remembered; everyone else counts as away since
 * at least the start, so a restart delays mails by at most `awayMs` and never sends them early.
 */
export class LastSeen {
  private readonly seenAt = new Map<string, number>();
  private readonly startedAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  private readonly awayMs: number;

  constructor(
    private readonly isOnline: (userId: string) => boolean,
    options: { awayMs: number; sampleMs?: number },
  ) {
    this.awayMs = options.awayMs;
    // A tenth of the away period keeps the error small; a minimum spares the CPU in tests.
    const sampleMs = options.sampleMs ?? Math.min(30_000, Math.max(50, options.awayMs / 10));
    this.timer = setInterval(() => this.sample(), sampleMs);
    this.timer.unref();
  }

  /** Records that `userId` is around now. */
  seen(userId: string, at = Date.now()): void {
    this.seenAt.set(userId, Math.max(at, this.seenAt.get(userId) ?? 0));
  }

  /** True when `userId` has no live socket and has not been seen for at least the away period. */
  isAway(userId: string, now = Date.now()): boolean {
    if (this.isOnline(userId)) return false;
    return now - (this.seenAt.get(userId) ?? this.startedAt) >= this.awayMs;
  }

  /** Koa middleware: every request that authenticated counts as being seen (whatever its answer). */
  middleware(): Middleware<AppState> {
    return async (ctx, next) => {
      try {
        await next();
      } finally {
        const userId = ctx.state.auth?.userId;
        if (userId !== undefined) this.seen(userId);
      }
    };
  }

  /** Wraps the sync server's authenticator: opening a socket counts as being seen. */
  authenticator(sessions: SessionAuthenticator): SessionAuthenticator {
    return {
      authenticate: (token) => {
        const auth = sessions.authenticate(token);
        this.seen(auth.userId);
        return auth;
      },
      isLive: (sessionId, userId) => sessions.isLive(sessionId, userId),
    };
  }

  destroy(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const now = Date.now();
    for (const [userId, at] of this.seenAt) {
      if (this.isOnline(userId)) this.seenAt.set(userId, now);
      else if (now - at >= this.awayMs) this.seenAt.delete(userId);
    }
  }
}
