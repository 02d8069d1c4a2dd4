import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import { redactUrl, type Logger } from '../logger.js';
import type { AppState } from './state.js';

const CLIENT_ID = /^[\w.-]{1,64}$/;

/** Gives each request an id (the caller's X-Request-Id when sane), a child logger, and one log line. */
export function requestContext(log: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const given = ctx.get('x-request-id');
    const requestId = CLIENT_ID.test(given) ? given : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = log.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.state.log.info(
        {
          method: ctx.method,
          url: redactUrl(ctx.originalUrl),
          status: ctx.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          userId: ctx.state.auth?.userId,
        },
        'request',
      );
    }
  };
}
