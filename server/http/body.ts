import type { Middleware } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { AppError } from './errors.js';
import { ErrorCode } from '../../shared/api/errors.js';
import type { AppState } from './state.js';

/** The media types a route can declare for its request body (JSON unless it says otherwise). */
export type BodyType = 'application/json' | 'multipart/form-data';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request carries a body when it says so with a length or a transfer encoding. */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The body handling of each media type, for the `Api` helper to put in front of each route. */
export function bodyParsers(jsonLimitBytes: number): Record<BodyType, Middleware<AppState>> {
  return { 'application/json': jsonBody(jsonLimitBytes), 'multipart/form-data': multipartBody };
}

/**
 * JSON bodies within `limitBytes`: another content type is a 415, too large a 413, malformed
 * JSON a 400.
 */
function jsonBody(limitBytes: number): Middleware<AppState> {
  const parse = koaBody({ json: true, jsonStrict: true, jsonLimit: limitBytes, urlencoded: false, text: false, multipart: false, parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE] });
  return async (ctx, next) => {
    if (!WITH_BODY.has(ctx.method) || !hasBody(ctx.req.headers)) return next();
    if (!ctx.is('application/json')) {
      throw new AppError(415, ErrorCode.unsupportedMediaType, 'Send the request body as application/json');
    }
    let read = false;
    try {
      return await parse(ctx, () => {
        read = true;
        return next();
      });
    } catch (err) {
      // Errors while reading the body are the client's (e.g. a corrupt gzip/deflate stream from zlib):
      // the body parser gives most of them a status, but not zlib's, which would otherwise become a 500.
      if (read || (err as { status?: unknown }).status !== undefined) throw err;
      throw new AppError(400, ErrorCode.badRequest, 'Request body could not be decoded');
    }
  };
}

/**
 * Multipart uploads: anything else is a 415 at once. The stream itself is left unread: the handler
 * receives the file with its own size limit, after checking that the caller may upload there.
 */
const multipartBody: Middleware<AppState> = (ctx, next) => {
  if (!ctx.is('multipart/form-data')) throw new AppError(415, ErrorCode.unsupportedMediaType, 'Send the file as multipart/form-data');
  return next();
};
