import { unauthorized } from '../http/errors.js';
import { authOf, type Ctx } from '../http/route.js';
import type { AccountsContext } from './context.js';
import type { UserRow } from './users-store.js';

/** The signed-in user's row (the session check already refused deactivated users). */
export function currentUser(acc: AccountsContext, ctx: Ctx): UserRow {
  const user = acc.users.byId(authOf(ctx).userId);
  if (!user) throw unauthorized();
  return user;
}
