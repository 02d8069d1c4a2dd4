import { saveBlob } from '../../lib/files.js';

/** Date and time of an ISO timestamp, in the reader's locale; `—` for none. */
export function dateTime(iso: string | null): string {
  return iso === null ? '—' : new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** Saves `value` as a pretty-printed JSON file through the browser's download. */
export function downloadJson(value: unknown, filename: string): void {
  saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), filename);
}
