import type { z } from 'zod';
import { ErrorCode } from '../../../shared/api/errors.js';
import { apiUrl } from '../lib/server-url.js';
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
    private readonly fetchImpl?: typeof fetch,
  ) {}

  /** An authenticated call; `schema` validates the answer (omit it for 204s). */
  async call<S extends z.ZodType | undefined = undefined>(method: string, path: string, options: { body?: unknown; schema?: S } = {}): Promise<Answer<S>> {
    if (!this.tokens) throw new Error('not signed in');
    const send = (token: string) =>
      requestJson({ url: apiUrl(this.serverUrl, path), method, body: options.body, schema: options.schema, token, fetch: this.fetchImpl });
    try {
      return await send(await this.tokens.fresh());
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      if (err.code === ErrorCode.tokenExpired) return send(await this.tokens.refresh());
      if (err.code === ErrorCode.sessionRevoked) this.tokens.expire();
      throw err;
    }
  }

  /** A call without credentials (register, login, verify). */
  anonymous<S extends z.ZodType | undefined = undefined>(method: string, path: string, options: { body?: unknown; schema?: S } = {}): Promise<Answer<S>> {
    return requestJson({ url: apiUrl(this.serverUrl, path), method, body: options.body, schema: options.schema, fetch: this.fetchImpl });
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    return this.call('GET', path, { schema }) as Promise<z.output<S>>;
  }
}
