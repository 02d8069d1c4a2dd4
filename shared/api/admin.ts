import { z } from 'zod';
import { SelfUser } from './accounts.js';
import { PageQuery, Timestamp, paged } from './common.js';

export const AdminUser = SelfUser.extend({
  deactivatedAt: Timestamp.nullable(),
  liveSessions: z.number().int(),
});
export const AdminUserSearchQuery = PageQuery.extend({ q: z.string().trim().max(64).default('') });
export const AdminUserPage = paged(AdminUser);
export const AdminUserResponse = z.object({ user: AdminUser });

export const AuditEntry = z.object({
  id: z.number().int(),
  adminId: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.unknown().nullable(),
  createdAt: Timestamp,
});
export const AuditPage = paged(AuditEntry);
