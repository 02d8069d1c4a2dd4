import type { z } from 'zod';
import { ErrorCode } from '../../../shared/api/errors.js';
import { apiUrl } from '../../../shared/server-url.js';
import type { TokenKeeper } from '../session/tokens.js';
import { ApiError, requestJson, type Answer } from './http.js';

/**
 * REST calls to one server. Authenticated calls carry a fresh access token; a 401
 * `token_expired` (clock skew, a token that expired in flight) refreshes once and retries.
 */
export class ApiClient {
  constructor(
    readonly serverUrl: string,
    private readonly tokens: TokenKeeper | null,
    /** What every request of this client is sent with (tests and Electron may swap it). */
    readonly fetchImpl?: typeof fetch,
  ) {}

  /** The URL of `path` (relative to /api/v1) on this server. */
  url(path: string): string {
    return apiUrl(this.serverUrl, path);
  }

  /**
   * Runs `send` with a fresh access token: the one authenticated request path, for JSON calls and
   * file transfers alike. An expired token is refreshed once and `send` retried; a revoked session
   * ends the account's session.
   */
  async withToken<T>(send: (token: string) => Promise<T>): Promise<T> {
    const tokens = this.tokens;
    if (!tokens) throw new Error('not signed in');
    try {
      return await send(await tokens.fresh());
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (err.code === ErrorCode.tokenExpired) return send(await tokens.refresh());
      if (err.code === ErrorCode.sessionRevoked) tokens.expire();
      throw err;
    }
  }

  /** An authenticated call; `schema` validates the answer (omit it for 204s). */
  call<S extends z.ZodType | undefined = undefined>(method: string, path: string, options: { body?: unknown; schema?: S } = {}): Promise<Answer<S>> {
    return this.withToken((token) => this.json(method, path, options, token));
  }

  /** A call without credentials (register, login, verify). */
  anonymous<S extends z.ZodType | undefined = undefined>(method: string, path: string, options: { body?: unknown; schema?: S } = {}): Promise<Answer<S>> {
    return this.json(method, path, options);
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    return this.call('GET', path, { schema }) as Promise<z.output<S>>;
  }

  private json<S extends z.ZodType | undefined>(method: string, path: string, options: { body?: unknown; schema?: S }, token?: string): Promise<Answer<S>> {
    return requestJson({ url: this.url(path), method, body: options.body, schema: options.schema, token, fetch: this.fetchImpl });
  }
}
