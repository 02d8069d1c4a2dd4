import { pageOf, pageOffset } from '../../shared/api/common.js';
import type { EventBus } from '../events.js';
import { notFound } from '../http/errors.js';
import type { AccountsContext } from './context.js';
import { confirmPassword } from './credentials.js';
import { publicView } from './user-view.js';
import type { ProfileFields, UserRow, UsersStore } from './users-store.js';

/** What writing a public profile needs: the store, and the bus that tells whoever shows the user. */
export interface ProfileWriter {
  users: Pick<UsersStore, 'updateProfile'>;
  events: Pick<EventBus, 'emit'>;
}

/**
 * The one way to change a user's public profile (display name, bio, picture), so no caller has to
 * remember `user.profile_changed`: emitted after the write, and only if a field actually changed.
 * Call it outside a transaction, so listeners already read what was written.
 */
export function updatePublicProfile(ctx: ProfileWriter, userId: string, fields: ProfileFields): void {
  if (ctx.users.updateProfile(userId, fields)) ctx.events.emit('user.profile_changed', { userId });
}

/** Soft-deletes the account: data stays, sessions end, login is refused. */
export async function deactivate(ctx: AccountsContext, user: UserRow, password: string): Promise<void> {
  await confirmPassword(ctx, user, password);
  deactivateAccount(ctx, user.id, 'deactivated');
}

/** The deactivation itself, by the user or by an admin: refuse logins, end sessions, tell the rest. */
export function deactivateAccount(ctx: Pick<AccountsContext, 'users' | 'sessions' | 'events'>, userId: string, reason: string): void {
  ctx.users.deactivate(userId);
  ctx.sessions.revokeAll(userId, reason);
  ctx.events.emit('user.deactivated', { userId });
}

/** Active users matching `q`, one page at a time; `excludeIds` lists ids the searcher must not see. */
export function searchUsers(ctx: AccountsContext, q: string, page: number, size: number, excludeIds: string[]) {
  const at = { page, size };
  const { rows, total } = ctx.users.search(q, size, pageOffset(at), excludeIds);
  return pageOf(rows.map(publicView), total, at);
}

/** Someone's public profile; deactivated accounts are not shown. */
export function publicProfile(ctx: AccountsContext, id: string) {
  const user = ctx.users.byId(id);
  if (!user || user.deactivated_at !== null) throw notFound('No such user');
  return publicView(user);
}
