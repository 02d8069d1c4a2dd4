import type { z } from 'zod';
import type { ApiClient } from './client.js';
import { checked, errorFromAnswer, NetworkError, parseJson, send } from './http.js';

/** GETs `path` (relative to /api/v1) with the account's token and returns the bytes. */
export function fetchBlob(api: ApiClient, path: string, signal?: AbortSignal): Promise<Blob> {
  return api.withToken(async (token) => {
    const res = await send(api.url(path), { headers: { authorization: `Bearer ${token}` }, signal }, api.fetchImpl);
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
 * Sends `file` as the multipart part `file` with the account's token and returns the answer,
 * checked against `schema`. Uses XMLHttpRequest because fetch cannot report upload progress.
 */
export async function uploadFile<S extends z.ZodType>(api: ApiClient, path: string, file: Blob, schema: S, options: UploadOptions = {}): Promise<z.output<S>> {
  const answer = await api.withToken((token) => sendForm(api.url(path), token, file, options));
  return checked(schema, parseJson(answer.text), answer.status, `an upload to ${path}`);
}

/** One multipart request; resolves with a 2xx answer, rejects as requestJson does otherwise. */
function sendForm(url: string, token: string, file: Blob, { method = 'POST', onProgress, signal }: UploadOptions): Promise<{ status: number; text: string }> {
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
        if (xhr.status < 200 || xhr.status >= 300) reject(errorFromAnswer(xhr.status, xhr.statusText, xhr.responseText));
        else resolve({ status: xhr.status, text: xhr.responseText });
      });
    xhr.open(method, url);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.send(form);
  });
}
