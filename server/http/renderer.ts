import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import type { AppState } from './state.js';
import { appCsp } from '../../shared/csp.js';
import { staticContentType } from '../../shared/mime.js';
import { isServerPath } from '../../shared/server-paths.js';

/**
 * The web client: serves the built renderer (`vite build` → dist/renderer) at `/`, with
 * index.html for client routes. Only GET/HEAD, never under the server's own paths, and the
 * index.html fallback only for browser navigations (Accept: text/html), so API clients and
 * unknown paths keep their JSON 404.
 */

/** Where `vite build` puts the renderer. */
export const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/** The CSP of the app page: own scripts and styles only; data from this server (REST and sync). */
export function rendererCsp(host: string): string {
  const h = host.replace(/[^\w.:[\]-]/g, '');
  return appCsp(h ? [`ws://${h}`, `wss://${h}`] : []);
}

/** The file under `root` that `path` names, or null (traversal, reserved or malformed). */
function fileFor(root: string, path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return null;
  const file = resolve(join(root, decoded));
  return file.startsWith(root + sep) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Middleware serving the renderer in `dir`, or null when it has not been built. Mount it last. */
export function serveRenderer(dir: string = RENDERER_DIR): Middleware<AppState> | null {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) return null;
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isServerPath(ctx.path)) return next();
    const file = ctx.path === '/' ? index : fileFor(root, ctx.path);
    let serve: string | null = null;
    if (file && (await isFile(file))) serve = file;
    else if (extname(ctx.path) === '' && (ctx.get('accept') ?? '').includes('text/html')) serve = index;
    if (!serve) return next();
    ctx.type = staticContentType(serve);
    // Hashed build assets never change; everything else is revalidated so a new build shows at once.
    ctx.set('Cache-Control', ctx.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (serve === index) ctx.set('Content-Security-Policy', rendererCsp(ctx.host));
    ctx.body = await readFile(serve);
  };
}
