import { AdminReadPage } from '../../shared/api/admin.js';
import { IdParams, isoTime, PageQuery, pageOf, pageOffset } from '../../shared/api/common.js';
import { ADMIN_READ_KINDS, type AdminReadKind } from '../../shared/doc/index.js';
import type { UsersStore } from '../accounts/users-store.js';
import { authOf, type Api } from '../http/route.js';
import { ADMIN_READ_ACTION } from './admin-reads.js';
import type { AuditStore } from './audit-store.js';
import { usernameLookup } from './usernames.js';

export interface AdminReadsRouteDeps {
  audit: AuditStore;
  /** Throws 404 for unknown conversations and 403 for non-members. */
  requireMember(conversationId: string, userId: string): unknown;
  users: Pick<UsersStore, 'byIds'>;
}

const kindOf = (details: string | null): AdminReadKind => {
  const what = details === null ? undefined : (JSON.parse(details) as { what?: unknown }).what;
  return ADMIN_READ_KINDS.find((k) => k === what) ?? 'messages';
};

/** `GET /conversations/:id/admin-reads`: members see every time an admin read their conversation, newest first. */
export function adminReadsRoutes(api: Api, deps: AdminReadsRouteDeps): void {
  api.route(
    { method: 'get', path: '/conversations/:id/admin-reads', tag: 'conversations', summary: 'When admins read what the server stored for this conversation (members only)', auth: true, params: IdParams, query: PageQuery, status: 200, response: AdminReadPage, errors: [400, 401, 403, 404] },
    (ctx, { params, query }) => {
      deps.requireMember(params.id, authOf(ctx).userId);
      const { rows, total } = deps.audit.page(query.size, pageOffset(query), { type: 'conversation', id: params.id, action: ADMIN_READ_ACTION });
      const names = usernameLookup(deps.users, rows.map((r) => r.admin_id));
      const items = rows.map((r) => ({
        id: r.id,
        adminId: r.admin_id,
        adminUsername: r.admin_id === null ? null : names(r.admin_id),
        what: kindOf(r.details),
        createdAt: isoTime(r.created_at),
      }));
      return pageOf(items, total, query);
    },
  );
}
