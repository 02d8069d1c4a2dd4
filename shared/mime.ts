/**
 * Media types shared by the server and the desktop app: what the app's own files are served as
 * (by the server to browsers, by Electron's app:// protocol), and which images are decoded.
 */

/** Content types of the built app's files, by extension. */
const STATIC_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The content type of a static file by its name's extension (octet-stream when unknown). */
export function staticContentType(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && STATIC_TYPES[name.slice(dot).toLowerCase()]) || 'application/octet-stream';
}

/** The sniffed types that are decoded as images (thumbnails, avatars, previews); anything else is a plain file. */
export const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** Thumbnails fit inside this square, keeping their aspect ratio, never enlarged (the app reserves previews' boxes by it). */
export const THUMBNAIL_SIZE = 320;
