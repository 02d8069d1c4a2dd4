import type { z } from 'zod';
import { ErrorBody, ErrorCode } from '../../../shared/api/errors.js';
import { apiUrl } from '../lib/server-url.js';
import type { TokenKeeper } from '../session/tokens.js';
import { ApiError, NetworkError } from './http.js';

/** What file transfers need of a signed-in account: its server and its tokens. */
export interface Credentials {
  serverUrl: string;
  tokens: TokenKeeper;
}

/** The ApiError for a failed answer: the contract's `{error}` body when there is one. */
export function errorFromAnswer(status: number, statusText: string, text: string): ApiError {
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  const parsed = ErrorBody.safeParse(data);
  if (parsed.success) return new ApiError(status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
  return new ApiError(status, `http_${status}`, statusText || 'Request failed');
}

/**
 * Runs `send` with a fresh access token. An expired token (clock skew, expiry in flight) is
 * refreshed once and `send` retried; a revoked session ends the account's session.
 */
export async function withToken<T>(tokens: TokenKeeper, send: (token: string) => Promise<T>): Promise<T> {
  try {
    return await send(await tokens.fresh());
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    if (err.code === ErrorCode.tokenExpired) return send(await tokens.refresh());
    if (err.code === ErrorCode.sessionRevoked) tokens.expire();
    throw err;
  }
}

/** GETs `path` (relative to /api/v1) with the bearer token and returns the bytes. */
export function fetchBlob(creds: Credentials, path: string, signal?: AbortSignal): Promise<Blob> {
  return withToken(creds.tokens, async (token) => {
    let res: Response;
    try {
      res = await fetch(apiUrl(creds.serverUrl, path), { headers: { authorization: `Bearer ${token}` }, signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new NetworkError();
    }
    if (!res.ok) throw errorFromAnswer(res.status, res.statusText, await res.text());
    return res.blob();
  });
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  /** Bytes sent so far and the total, as the browser reports them. */
  onProgress?(sent: number, total: number): void;
  signal?: AbortSignal;
}

/** Thrown when an upload was cancelled through its signal. */
export class UploadCancelled extends Error {
  constructor() {
    super('Upload cancelled');
    this.name = 'AbortError';
  }
}

/**
 * Sends `file` as the multipart part `file` and returns the parsed JSON answer. Uses
 * XMLHttpRequest because fetch cannot report upload progress.
 */
export function uploadFile(creds: Credentials, path: string, file: Blob, options: UploadOptions = {}): Promise<unknown> {
  return withToken(creds.tokens, (token) => sendForm(apiUrl(creds.serverUrl, path), token, file, options));
}

function sendForm(url: string, token: string, file: Blob, { method = 'POST', onProgress, signal }: UploadOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file, file instanceof File ? file.name : 'file');
    const abort = () => xhr.abort();
    signal?.addEventListener('abort', abort, { once: true });
    const settle = (fn: () => void) => {
      signal?.removeEventListener('abort', abort);
      fn();
    };
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onabort = () => settle(() => reject(new UploadCancelled()));
    xhr.onerror = () => settle(() => reject(new NetworkError()));
    xhr.onload = () =>
      settle(() => {
        if (xhr.status < 200 || xhr.status >= 300) return reject(errorFromAnswer(xhr.status, xhr.statusText, xhr.responseText));
        try {
          resolve(xhr.responseText ? JSON.parse(xhr.responseText) : undefined);
        } catch {
          reject(new ApiError(xhr.status, 'unexpected_response', 'Unexpected answer from the server to an upload'));
        }
      });
    xhr.open(method, url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.send(form);
  });
}

/** Parses an upload's answer with `schema`, as requestJson does for JSON calls. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError(200, 'unexpected_response', `Unexpected answer from the server for ${what}`);
  return parsed.data;
}
