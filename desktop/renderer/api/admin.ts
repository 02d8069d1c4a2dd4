import {
  AdminCompactResult,
  AdminConversationDetail,
  AdminConversationExport,
  AdminConversationPage,
  AdminUpdatePage,
  AdminUserPage,
  AdminUserResponse,
} from '../../../shared/api/admin.js';
import type { ApiClient } from './client.js';

const id = (value: string) => encodeURIComponent(value);
const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

/** What an admin can do on one user (POST /admin/users/:id/<action>). */
export type AdminUserAction = 'deactivate' | 'reactivate' | 'mfa/reset' | 'sessions/revoke';

/** The admin REST API (`shared/api/admin.ts`); the server answers 403 to anyone but admins. */
export function adminApi(api: ApiClient) {
  return {
    users: (q: string, page = 1) => api.get(`/admin/users?${query({ q, page, size: 20 })}`, AdminUserPage),
    userAction: (userId: string, action: AdminUserAction) => api.call('POST', `/admin/users/${id(userId)}/${action}`, { schema: AdminUserResponse }),

    conversations: (q: string, page = 1) => api.get(`/admin/conversations?${query({ q, page, size: 20 })}`, AdminConversationPage),
    /** Reading one is audited and shown to its members. */
    conversation: (conversationId: string) => api.get(`/admin/conversations/${id(conversationId)}`, AdminConversationDetail),
    updates: (conversationId: string, page = 1) => api.get(`/admin/conversations/${id(conversationId)}/updates?${query({ page, size: 50 })}`, AdminUpdatePage),
    exportConversation: (conversationId: string) => api.get(`/admin/conversations/${id(conversationId)}/export`, AdminConversationExport),
    compact: (conversationId: string) => api.call('POST', `/admin/conversations/${id(conversationId)}/compact`, { schema: AdminCompactResult }),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
