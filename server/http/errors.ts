import { ErrorCode } from '../../shared/api/errors.js';

/** An error meant for the client: its status, code and message are sent as they are. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown, code: string = ErrorCode.badRequest) =>
  new AppError(400, code, message, details);
export const unauthorized = (message = 'Authentication required', code: string = ErrorCode.unauthorized) =>
  new AppError(401, code, message);
export const forbidden = (message = 'Not allowed', code: string = ErrorCode.forbidden) => new AppError(403, code, message);
export const notFound = (message = 'Not found') => new AppError(404, ErrorCode.notFound, message);
export const conflict = (message: string, code: string = ErrorCode.conflict) => new AppError(409, code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, ErrorCode.rateLimited, 'Too many requests, try again later', { retryAfterSeconds }, {
    'Retry-After': String(retryAfterSeconds),
  });
