import type { Middleware } from 'koa';
import type { UsersStore } from '../accounts/users-store.js';
import { forbidden, unauthorized } from '../http/errors.js';
import type { AppState } from '../http/state.js';

/** Lets only admins through (after `authenticate`); the role is granted with the CLI, never over the API. */
export function requireAdmin(users: UsersStore): Middleware<AppState> {
  return async (ctx, next) => {
    if (!ctx.state.auth) throw unauthorized();
    if (users.byId(ctx.state.auth.userId)?.is_admin !== 1) throw forbidden('Admins only');
    await next();
  };
}
