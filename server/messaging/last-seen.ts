import type { Middleware } from 'koa';
import type { EventBus } from '../events.js';
import type { AppState } from '../http/state.js';
import type { Presence } from '../social/presence.js';

/**
 * When each user was last around: an authenticated request, or a sync socket. While a user has a
 * socket they are around; when the sync server announces that their last one closed
 * (`presence.offline`), that moment counts as being seen. Only users seen within `awayMs` are
 * remembered (older entries are dropped as new sightings come in); everyone else counts as away
 * since at least the start, so a restart delays mails by at most `awayMs` and never sends them early.
 */
export class LastSeen {
  private readonly seenAt = new Map<string, number>();
  private readonly startedAt = Date.now();
  private sweptAt = this.startedAt;
  private readonly awayMs: number;
  private readonly off: () => void;

  constructor(
    private readonly presence: Presence,
    events: Pick<EventBus, 'on'>,
    options: { awayMs: number },
  ) {
    this.awayMs = options.awayMs;
    this.off = events.on('presence.offline', ({ userId }) => this.seen(userId));
  }

  /** Records that `userId` is around now. */
  seen(userId: string, at = Date.now()): void {
    this.seenAt.set(userId, Math.max(at, this.seenAt.get(userId) ?? 0));
    if (at - this.sweptAt >= this.awayMs) this.sweep(at);
  }

  /** True when `userId` has no live socket and has not been seen for at least the away period. */
  isAway(userId: string, now = Date.now()): boolean {
    if (this.presence.isOnline(userId)) return false;
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

  /** Stops listening to presence. */
  destroy(): void {
    this.off();
  }

  /** Forgets sightings older than the away period (at most once per period, so O(1) amortised). */
  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [userId, at] of this.seenAt) if (now - at >= this.awayMs) this.seenAt.delete(userId);
  }
}
