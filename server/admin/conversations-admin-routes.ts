import { AdminCompactResult, AdminConversationDetail, AdminConversationExport, AdminConversationPage, AdminConversationQuery, AdminUpdatePage } from '../../shared/api/admin.js';
import { IdParams, PageQuery } from '../../shared/api/common.js';
import { notFound } from '../http/errors.js';
import { authOf, type Api } from '../http/route.js';
import type { AdminReads } from './admin-reads.js';
import type { AuditStore } from './audit-store.js';
import type { ConversationInspector } from './conversation-inspector.js';

const TAG = 'admin';

export interface ConversationsAdminDeps {
  inspector: ConversationInspector;
  reads: AdminReads;
  audit: AuditStore;
  /** Whether a conversation exists. */
  exists(conversationId: string): boolean;
  /** Compacts through the sync server (the live room, if any, learns of it); resolves to how many updates were folded. */
  compact(conversationId: string): Promise<number>;
}

/**
 * Conversations as stored, for admins: the list with stats, one decoded from SQLite, its update
 * history, a JSON export and compact-now. Each read is audited and shown to the members (AdminReads)
 * before it is answered, so what the admin sees already holds the notice.
 */
export function conversationsAdminRoutes(api: Api, deps: ConversationsAdminDeps): void {
  const { inspector, reads } = deps;
  const known = (id: string) => {
    if (!deps.exists(id)) throw notFound('No such conversation');
    return id;
  };
  const found = <T>(value: T | undefined): T => {
    if (value === undefined) throw notFound('No such conversation');
    return value;
  };
  const errors = [400, 401, 403, 404];

  api.route(
    { method: 'get', path: '/admin/conversations', tag: TAG, summary: 'Every conversation with its stats, most recent activity first', auth: 'admin', query: AdminConversationQuery, status: 200, response: AdminConversationPage, errors: [400, 401, 403] },
    (_ctx, { query }) => inspector.list(query.q, query.page, query.size),
  );
  api.route(
    { method: 'get', path: '/admin/conversations/:id', tag: TAG, summary: 'A conversation decoded from its stored snapshot and updates (members are told)', auth: 'admin', params: IdParams, status: 200, response: AdminConversationDetail, errors },
    (ctx, { params }) => {
      reads.record(authOf(ctx).userId, known(params.id), 'messages');
      return found(inspector.detail(params.id));
    },
  );
  api.route(
    { method: 'get', path: '/admin/conversations/:id/updates', tag: TAG, summary: 'Stored updates of a conversation, newest first (members are told)', auth: 'admin', params: IdParams, query: PageQuery, status: 200, response: AdminUpdatePage, errors },
    (ctx, { params, query }) => {
      reads.record(authOf(ctx).userId, known(params.id), 'updates');
      return found(inspector.updates(params.id, query.page, query.size));
    },
  );
  api.route(
    { method: 'get', path: '/admin/conversations/:id/export', tag: TAG, summary: 'Everything stored for a conversation as a JSON download (members are told)', auth: 'admin', params: IdParams, status: 200, response: AdminConversationExport, errors },
    (ctx, { params }) => {
      reads.record(authOf(ctx).userId, known(params.id), 'export');
      const exported = found(inspector.exportOf(params.id));
      ctx.set('Content-Disposition', `attachment; filename="conversation-${params.id}.json"`);
      return exported;
    },
  );
  api.route(
    { method: 'post', path: '/admin/conversations/:id/compact', tag: TAG, summary: 'Fold the stored updates into the snapshot now', auth: 'admin', params: IdParams, status: 200, response: AdminCompactResult, errors },
    async (ctx, { params }) => {
      const folded = await deps.compact(known(params.id));
      deps.audit.record({ adminId: authOf(ctx).userId, action: 'conversation.compact', targetType: 'conversation', targetId: params.id, details: { folded } });
      return { folded, storage: inspector.storage(params.id) };
    },
  );
}
