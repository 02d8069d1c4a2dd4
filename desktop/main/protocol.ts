import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security.js';

/**
 * Maps `app://parley/...` requests to files of the built renderer. Client routes (no file
 * extension) get index.html; nothing outside the renderer folder is ever served.
 */

/** The file to answer `url` with, or null (foreign host or scheme, traversal, malformed). */
export function resolveAppFile(url: string, rootDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.split('/').includes('..')) return null;
  if (path === '/' || extname(path) === '') return join(rootDir, 'index.html');
  const root = normalize(rootDir + sep);
  const file = normalize(join(rootDir, path));
  return file.startsWith(root) ? file : null;
}
