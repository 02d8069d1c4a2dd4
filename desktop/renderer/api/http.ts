import type { z } from 'zod';
import { ErrorBody } from '../../../shared/api/errors.js';

/** The server answered with an error (the contract's `{error: {code, message}}`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The server could not be reached (offline, DNS, refused, CORS). */
export class NetworkError extends Error {
  constructor(message = 'The server cannot be reached') {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface JsonRequest<S extends z.ZodType | undefined> {
  url: string;
  method: string;
  body?: unknown;
  token?: string;
  /** Validates the answer; without it the answer is ignored (204s). */
  schema?: S;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export type Answer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One JSON request: errors become ApiError / NetworkError, the answer is checked against `schema`. */
export async function requestJson<S extends z.ZodType | undefined>(req: JsonRequest<S>): Promise<Answer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let res: Response;
  try {
    res = await (req.fetch ?? fetch)(req.url, {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(data);
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
    throw new ApiError(res.status, `http_${res.status}`, res.statusText || 'Request failed');
  }
  if (!req.schema) return undefined as Answer<S>;
  const parsed = req.schema.safeParse(data);
  if (!parsed.success) throw new ApiError(res.status, 'unexpected_response', `Unexpected answer from the server for ${req.method} ${new URL(req.url).pathname}`);
  return parsed.data as Answer<S>;
}

/** A message fit for the UI for any error thrown by a request. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const field = fieldIssue(err.details);
    return field ? `${err.message} (${field})` : err.message;
  }
  if (err instanceof NetworkError) return 'You are offline or the server cannot be reached.';
  return err instanceof Error ? err.message : String(err);
}

function fieldIssue(details: unknown): string | null {
  // Validation failures list their issues as [{path, message}].
  const first = Array.isArray(details) ? (details[0] as { path?: unknown; message?: unknown } | undefined) : undefined;
  if (!first || typeof first.message !== 'string') return null;
  return typeof first.path === 'string' && first.path ? `${first.path}: ${first.message}` : first.message;
}
