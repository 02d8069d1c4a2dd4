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

/**
 * `fetch` that reports an unreachable server as NetworkError (an abort stays an abort): the one
 * place every REST and file request of the renderer goes through.
 */
export async function send(url: string, init: RequestInit, fetchImpl: typeof fetch = fetch): Promise<Response> {
  try {
    return await fetchImpl(url, init);
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
}

/** `text` as JSON, or undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The ApiError for a failed answer: the contract's `{error}` body when there is one. */
export function errorFromAnswer(status: number, statusText: string, text: string): ApiError {
  const parsed = ErrorBody.safeParse(parseJson(text));
  if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
  return new ApiError(status, `http_${status}`, statusText || 'Request failed');
}

/** `value` checked against `schema`; an answer of another shape is an ApiError naming `what` was asked. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, status: number, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(status, 'unexpected_response', `Unexpected answer from the server for ${what}`);
  return parsed.data;
}

/** One JSON request: errors become ApiError / NetworkError, the answer is checked against `schema`. */
export async function requestJson<S extends z.ZodType | undefined>(req: JsonRequest<S>): Promise<Answer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  const res = await send(req.url, { method: req.method, headers, body, signal: req.signal }, req.fetch);
  const text = await res.text();
  if (!res.ok) throw errorFromAnswer(res.status, res.statusText, text);
  if (!req.schema) return undefined as Answer<S>;
  return checked(req.schema, parseJson(text), res.status, `${req.method} ${new URL(req.url).pathname}`) as Answer<S>;
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
