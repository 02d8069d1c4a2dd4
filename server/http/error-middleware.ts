import type { Context, Middleware } from 'koa';
import { ErrorCode } from '../../shared/api/errors.js';
import type { AppState } from './state.js';
import { AppError } from './errors.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  type?: string;
}

/** Codes for errors raised by Koa and koa-body themselves, by status. */
const FRAMEWORK_CODES: Record<number, string> = {
  400: ErrorCode.badRequest,
  401: ErrorCode.unauthorized,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  405: 'method_not_allowed',
  413: ErrorCode.payloadTooLarge,
  415: ErrorCode.unsupportedMediaType,
};

/**
 * The one place errors become responses: every failure gets the contract's shape
 * `{error: {code, message}}`; internals are logged, never sent.
 */
export function errorMiddleware(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body == null) {
        throw new AppError(404, ErrorCode.notFound, `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (raw) {
      const { status, code, message, details, headers } = describe(raw, ctx);
      if (status >= 500) ctx.state.log.error({ err: raw }, 'request failed');
      ctx.status = status;
      ctx.set(headers);
      ctx.body = { error: { code, message, ...(details === undefined ? {} : { details }) } };
    }
  };
}

function describe(raw: unknown, ctx: Context): { status: number; code: string; message: string; details?: unknown; headers: Record<string, string> } {
  if (raw instanceof AppError) {
    return { status: raw.status, code: raw.code, message: raw.message, details: raw.details, headers: raw.headers };
  }
  const err = (raw ?? {}) as HttpishError;
  const status = err.status ?? err.statusCode ?? 500;
  // The router answers a method it does not know at all (PROPFIND, TRACE...) with 501, and a known
  // method on a path that lacks it with 405: both are the client's mistake, and a 405 must say what is allowed.
  if (status === 405 || status === 501) {
    const allowed = allowedMethods(ctx);
    if (allowed.length === 0) return { status: 404, code: ErrorCode.notFound, message: `No route for ${ctx.method} ${ctx.path}`, headers: {} };
    return { status: 405, code: 'method_not_allowed', message: `Method ${ctx.method} is not allowed here`, headers: { Allow: allowed.join(', ') } };
  }
  if (status >= 400 && status < 500) {
    // Body parser: a JSON syntax error arrives as a 400 with type 'entity.parse.failed' or a SyntaxError.
    if (status === 400 && (err.type === 'entity.parse.failed' || /json|unexpected token|parse/i.test(err.message ?? ''))) {
      return { status, code: ErrorCode.malformedJson, message: 'Request body is not valid JSON', headers: {} };
    }
    if (status === 413) return { status, code: ErrorCode.payloadTooLarge, message: 'Request body is too large', headers: {} };
    const message = err.expose && err.message ? err.message : 'Bad request';
    return { status, code: FRAMEWORK_CODES[status] ?? ErrorCode.badRequest, message, headers: {} };
  }
  return { status: 500, code: ErrorCode.internal, message: 'Internal server error', headers: {} };
}

/** The methods of the routes whose path matched (@koa/router collects them in `ctx.matched`). */
function allowedMethods(ctx: Context): string[] {
  const matched = (ctx as { matched?: unknown }).matched;
  if (!Array.isArray(matched)) return [];
  const methods = matched.flatMap((layer: { methods?: unknown }) => (Array.isArray(layer.methods) ? (layer.methods as string[]) : []));
  return [...new Set(methods)];
}
