import { IMAGE_TYPES } from '../../../shared/mime.js';

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A byte count for people: "512 bytes", "1.5 KB", "25 MB" (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${rounded} ${UNITS[unit]}`;
}

/** Images the server sniffs and makes previews of (all shown by an <img>); other files are offered for download only. */
export function isPreviewable(mimeType: string | undefined): boolean {
  return IMAGE_TYPES.has(mimeType ?? '');
}

/** What a picture picker offers: the image types the server accepts as pictures. */
export const PICTURE_ACCEPT = [...IMAGE_TYPES].join(',');

/** Hands `blob` to the browser's download as `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the bytes once the click is handled; keep the URL a little for slow starts.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
