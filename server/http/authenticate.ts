import type { Middleware } from 'koa';
import { ErrorCode } from '../../shared/api/errors.js';
import type { Sessions } from '../accounts/sessions.js';
import { unauthorized } from './errors.js';
import type { AppState } from './state.js';

/** Requires `Authorization: Bearer <access token>` of a live session; sets `ctx.state.auth`. */
export function authenticate(sessions: Sessions): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S{1,4096})$/i.exec(header);
    if (!match) throw unauthorized(header ? 'Malformed Authorization header' : 'Authentication required', header ? ErrorCode.invalidToken : ErrorCode.unauthorized);
    ctx.state.auth = sessions.authenticate(match[1] as string);
    await next();
  };
}
