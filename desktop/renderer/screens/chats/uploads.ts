import type { Attachment } from '../../../../shared/api/attachments.js';
import { ErrorCode } from '../../../../shared/api/errors.js';
import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH, recordDimensions, type AttachmentRecord } from '../../../../shared/doc/index.js';
import { ApiError, errorMessage, NetworkError } from '../../api/http.js';
import { formatBytes } from '../../lib/files.js';

/** One file picked in the composer, from its upload to the record a message carries. */
export type Upload = { key: string; name: string; size: number } & (
  | { status: 'uploading'; sent: number; total: number }
  | { status: 'done'; record: AttachmentRecord }
  | { status: 'failed'; error: string; retryable: boolean }
);

/**
 * What a message stores for an uploaded file: exactly the server's id, name, sniffed type and size,
 * and an image's width and height (so readers reserve its box before it loads).
 */
export function attachmentRecord(a: Attachment): AttachmentRecord {
  return { id: a.id, name: a.name.slice(0, 255) || 'file', mimeType: a.mimeType, size: a.size, ...recordDimensions(a.width, a.height) };
}

/** Whole percent of an upload (0 until the browser knows the total). */
export function percent(sent: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
}

/**
 * A message's text: the caption, or (messages need a text) the attached files' names, so a
 * conversation list and older clients still say what was sent.
 */
export function messageText(caption: string, records: readonly AttachmentRecord[]): string {
  const names = records.map((r) => r.name).join(', ');
  const text = caption.trim() || (records.length ? `${records.length > 1 ? 'Attachments' : 'Attachment'}: ${names}` : '');
  return text.slice(0, MAX_TEXT_LENGTH);
}

/** Which of `files` fit next to the `current` ones (a message carries at most MAX_ATTACHMENTS), and why others do not. */
export function admit<F>(current: number, files: readonly F[]): { accepted: F[]; refusal: string | null } {
  const room = Math.max(0, MAX_ATTACHMENTS - current);
  const accepted = files.slice(0, room);
  return { accepted, refusal: accepted.length < files.length ? `A message can carry at most ${MAX_ATTACHMENTS} files.` : null };
}

/** The limit in a 413 answer ("Attachments are limited to 1024 bytes"), when it names one. */
function limitOf(message: string): number | null {
  const match = /(\d+)\s*bytes/i.exec(message);
  return match ? Number(match[1]) : null;
}

/** A clear line for a failed upload of `file`. */
export function uploadError(err: unknown, file: { name: string; size: number }): string {
  if (err instanceof ApiError && (err.status === 413 || err.code === ErrorCode.payloadTooLarge)) {
    const limit = limitOf(err.message);
    return `Too large: ${file.name} is ${formatBytes(file.size)}${limit !== null ? `; files can be at most ${formatBytes(limit)}` : ''}.`;
  }
  if (err instanceof NetworkError) return `Not sent: the connection was lost while uploading ${file.name}.`;
  return `${file.name}: ${errorMessage(err)}`;
}

/** True when trying the same file again may work (the network, a busy server), not when the file itself was refused. */
export function retryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  return err instanceof ApiError && (err.status === 429 || err.status >= 500 || err.code === ErrorCode.tokenExpired);
}
