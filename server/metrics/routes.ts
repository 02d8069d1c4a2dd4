import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Router } from '@koa/router';
import { forbidden, unauthorized } from '../http/errors.js';
import type { AppState } from '../http/state.js';
import type { Metrics } from './registry.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Records the latency of every request under its route pattern (never the raw path: ids would explode the labels). */
export function httpMetrics(metrics: Metrics): Middleware<AppState> {
  return async (ctx, next) => {
    const end = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx as { routerPath?: string }).routerPath ?? 'unmatched';
      end({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
}

/**
 * GET /metrics in Prometheus text format: with METRICS_TOKEN set, it needs `Authorization: Bearer <token>`;
 * without it, only loopback clients are answered.
 */
export function mountMetrics(router: Router<AppState>, metrics: Metrics, token: string | undefined): void {
  router.get('/metrics', async (ctx) => {
    if (token) {
      const given = /^Bearer (.+)$/.exec(ctx.get('authorization'))?.[1] ?? '';
      if (!sameSecret(given, token)) throw unauthorized('Metrics token required');
    } else if (!LOOPBACK.test(ctx.request.socket.remoteAddress ?? '')) {
      throw forbidden('Metrics are only served to loopback clients unless METRICS_TOKEN is set');
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
}
