import { TokenPair } from '../../../shared/api/accounts.js';
import { ApiError, requestJson } from '../api/http.js';
import { apiUrl } from '../../../shared/server-url.js';

/** The tokens of one session. */
export interface TokenSet {
  accessToken: string | null;
  /** ms epoch; 0 when unknown (treated as expired). */
  accessExpiresAt: number;
  refreshToken: string | null;
}

/** The session is over (refresh token refused or absent): the user must log in again. */
export class SessionEndedError extends Error {
  constructor(message = 'Your session has ended. Please log in again.') {
    super(message);
    this.name = 'SessionEndedError';
  }
}

export interface TokenHooks {
  /** Persists a rotated pair (the old refresh token no longer works). */
  saved(tokens: TokenSet): Promise<void>;
  /** The session ended; called once. */
  ended(reason: string): void;
  /** The newest persisted tokens, in case another tab rotated them (null: unknown). */
  reload?(): Promise<TokenSet | null>;
  /** Runs `fn` exclusively across tabs (Web Locks); defaults to running it directly. */
  exclusive?<T>(fn: () => Promise<T>): Promise<T>;
}

/** Refresh this long before the access token expires, so a request never races the expiry. */
const EARLY_MS = 30_000;

/**
 * Holds a session's tokens and rotates them. Refresh tokens are single use (reuse ends the
 * session on the server), so concurrent callers share one refresh, and across tabs the refresh
 * runs under a lock and first adopts tokens another tab may have rotated meanwhile.
 */
export class TokenKeeper {
  private refreshing: Promise<string> | null = null;
  private over = false;

  constructor(
    private readonly serverUrl: string,
    private tokens: TokenSet,
    private readonly hooks: TokenHooks,
    private readonly fetchImpl?: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  /** A copy of the current tokens. */
  current(): TokenSet {
    return { ...this.tokens };
  }

  /** True once the session has ended. */
  get ended(): boolean {
    return this.over;
  }

  /** An access token that is valid for a while yet, refreshing first when needed. */
  async fresh(): Promise<string> {
    const { accessToken, accessExpiresAt } = this.tokens;
    if (accessToken && accessExpiresAt - EARLY_MS > this.now()) return accessToken;
    return this.refresh();
  }

  /** Exchanges the refresh token for a new pair; one exchange at a time, shared by all callers. */
  refresh(): Promise<string> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async exchange(): Promise<string> {
    if (this.over) throw new SessionEndedError();
    const run = this.hooks.exclusive ?? ((fn) => fn());
    return run(async () => {
      const stale = this.tokens.refreshToken;
      const latest = await this.hooks.reload?.();
      if (latest?.refreshToken && latest.refreshToken !== stale) {
        // Another tab rotated the pair while we waited: use its tokens instead of reusing ours.
        this.tokens = latest;
        if (latest.accessToken && latest.accessExpiresAt - EARLY_MS > this.now()) return latest.accessToken;
      }
      const refreshToken = this.tokens.refreshToken;
      if (!refreshToken) return this.end();
      let pair;
      try {
        pair = await requestJson({ url: apiUrl(this.serverUrl, '/auth/refresh'), method: 'POST', body: { refreshToken }, schema: TokenPair, fetch: this.fetchImpl });
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 400)) return this.end();
        throw err;
      }
      this.tokens = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessExpiresAt: this.now() + pair.expiresIn * 1000 };
      await this.hooks.saved(this.current());
      return pair.accessToken;
    });
  }

  /** Marks the session over (the server refused it) and tells the hooks, once. */
  expire(): void {
    if (this.over) return;
    this.over = true;
    this.hooks.ended('Your session has ended. Please log in again.');
  }

  private end(): never {
    this.expire();
    throw new SessionEndedError();
  }
}
