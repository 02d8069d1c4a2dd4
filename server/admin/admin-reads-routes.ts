import { AdminReadPage } from '../../shared/api/admin.js';
import { IdParams, PageQuery } from '../../shared/api/common.js';
import { ADMIN_READ_KINDS, type AdminReadKind } from '../../shared/doc/index.js';
import { authOf, type Api } from '../http/route.js';
import { ADMIN_READ_ACTION } from './admin-reads.js';
import type { AuditStore } from './audit-store.js';

export interface AdminReadsRouteDeps {
  audit: AuditStore;
  /** Throws 404 for unknown conversations and 403 for non-members. */
  requireMember(conversationId: string, userId: string): unknown;
  usernameOf(userId: string): string | undefined;
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
      const { rows, total } = deps.audit.page(query.size, (query.page - 1) * query.size, { type: 'conversation', id: params.id, action: ADMIN_READ_ACTION });
      const items = rows.map((r) => ({
        id: r.id,
        adminId: r.admin_id,
        adminUsername: r.admin_id === null ? null : (deps.usernameOf(r.admin_id) ?? null),
        what: kindOf(r.details),
        createdAt: new Date(r.created_at).toISOString(),
      }));
      return { items, total, page: query.page, size: query.size, pages: Math.ceil(total / query.size) };
    },
  );
}
