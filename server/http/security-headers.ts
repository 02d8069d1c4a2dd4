import type { Middleware } from 'koa';
import type { AppState } from './state.js';

/** Conservative defaults for every response; the API is JSON and never framed. */
export function securityHeaders(): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    await next();
  };
}
