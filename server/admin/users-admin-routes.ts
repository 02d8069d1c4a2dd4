import { AdminUserPage, AdminUserResponse, AdminUserSearchQuery, AuditPage } from '../../shared/api/admin.js';
import { IdParams, isoTime, PageQuery, pageOf, pageOffset } from '../../shared/api/common.js';
import type { AccountsContext } from '../accounts/context.js';
import { deactivateAccount } from '../accounts/profile.js';
import { selfView } from '../accounts/user-view.js';
import type { UserRow } from '../accounts/users-store.js';
import { badRequest, notFound } from '../http/errors.js';
import { authOf, type Api, type Ctx } from '../http/route.js';
import type { AuditStore } from './audit-store.js';

const TAG = 'admin';

/** User management for admins: find, deactivate/reactivate, reset MFA, end sessions; every action audited. */
export function usersAdminRoutes(api: Api, acc: AccountsContext, audit: AuditStore): void {
  const view = (u: UserRow, liveSessions: Map<string, number>) => ({ ...selfView(u), deactivatedAt: isoTime(u.deactivated_at), liveSessions: liveSessions.get(u.id) ?? 0 });
  /** Users as admins see them, with their live sessions counted in one query. */
  const views = (users: UserRow[]) => {
    const liveSessions = acc.sessions.countActive(users.map((u) => u.id));
    return users.map((u) => view(u, liveSessions));
  };
  const target = (id: string) => {
    const user = acc.users.byId(id);
    if (!user) throw notFound('No such user');
    return user;
  };
  /** Runs an action on a user, records it, and answers with the user as it is now. */
  const act = (path: string, summary: string, action: string, run: (user: UserRow, ctx: Ctx) => void) =>
    api.route(
      { method: 'post', path: `/admin/users/:id/${path}`, tag: TAG, summary, auth: 'admin', params: IdParams, status: 200, response: AdminUserResponse, errors: [403, 404] },
      (ctx, { params }) => {
        const user = target(params.id);
        run(user, ctx);
        audit.record({ adminId: authOf(ctx).userId, action, targetType: 'user', targetId: user.id });
        const updated = target(user.id);
        return { user: view(updated, acc.sessions.countActive([updated.id])) };
      },
    );

  api.route(
    { method: 'get', path: '/admin/users', tag: TAG, summary: 'Find users by username, email or display name (deactivated included)', auth: 'admin', query: AdminUserSearchQuery, status: 200, response: AdminUserPage, errors: [403] },
    (_ctx, { query }) => {
      const { rows, total } = acc.users.search(query.q, query.size, pageOffset(query), [], 'all');
      return pageOf(views(rows), total, query);
    },
  );
  act('deactivate', 'Deactivate an account: sessions end, login refused', 'user.deactivate', (user, ctx) => {
    if (user.id === authOf(ctx).userId) throw badRequest('Admins cannot deactivate themselves here', undefined, 'self_action');
    deactivateAccount(acc, user.id, 'deactivated_by_admin');
  });
  act('reactivate', 'Reactivate a deactivated account', 'user.reactivate', (user) => acc.users.reactivate(user.id));
  act('mfa/reset', 'Turn off two-factor authentication (lost device)', 'user.mfa_reset', (user) => acc.mfa.disable(user.id));
  act('sessions/revoke', 'End every session of a user', 'user.sessions_revoke', (user) => acc.sessions.revokeAll(user.id, 'revoked_by_admin'));

  api.route(
    { method: 'get', path: '/admin/audit', tag: TAG, summary: 'What admins did, newest first', auth: 'admin', query: PageQuery, status: 200, response: AuditPage, errors: [403] },
    (_ctx, { query }) => {
      const { rows, total } = audit.page(query.size, pageOffset(query));
      const items = rows.map((r) => ({
        id: r.id, adminId: r.admin_id, action: r.action, targetType: r.target_type, targetId: r.target_id,
        details: r.details === null ? null : (JSON.parse(r.details) as unknown), createdAt: isoTime(r.created_at),
      }));
      return pageOf(items, total, query);
    },
  );
}
