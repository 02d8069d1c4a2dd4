import { z } from 'zod';
import { SelfUser } from './accounts.js';
import { ADMIN_READ_KINDS, AttachmentRecord, SystemEvent } from '../doc/schema.js';
import { Id, PageQuery, Timestamp, paged } from './common.js';

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

// ---- conversations as stored ----------------------------------------------------------------

export const AdminConversationQuery = PageQuery.extend({
  q: z.string().trim().max(64).default('').describe('Part of a group name or of a member’s username'),
});

/** What is stored for a document: its snapshot and the updates stored after it (not yet compacted). */
export const AdminStorage = z.object({
  snapshotSeq: z.number().int().nullable(),
  snapshotBytes: z.number().int(),
  snapshotAt: Timestamp.nullable(),
  updatesSinceCompaction: z.number().int(),
  updateBytes: z.number().int(),
  documentBytes: z.number().int().describe('Snapshot plus updates, in bytes'),
  lastSeq: z.number().int(),
  lastWriteAt: Timestamp.nullable(),
});
export type AdminStorage = z.infer<typeof AdminStorage>;

/** One conversation in the admin list, with its stats. */
export const AdminConversationSummary = z.object({
  id: Id,
  kind: z.enum(['direct', 'group']),
  name: z.string().nullable().describe('Group name (null for direct conversations)'),
  title: z.string().describe('Group name, or the members’ usernames for a direct conversation'),
  memberCount: z.number().int(),
  messageCount: z.number().int().describe('Messages by people (system messages excluded), from the derived index'),
  lastActivityAt: Timestamp,
  closedAt: Timestamp.nullable(),
  archivedAt: Timestamp.nullable(),
  storage: AdminStorage,
});
export type AdminConversationSummary = z.infer<typeof AdminConversationSummary>;
export const AdminConversationPage = paged(AdminConversationSummary);

export const AdminMember = z.object({ id: z.string(), username: z.string().nullable(), role: z.string(), joinedAt: Timestamp });

/** A stored message with its edit applied; `originalText` is what the document still holds when it was edited or deleted. */
export const AdminMessage = z.object({
  id: z.string(),
  author: z.string(),
  authorUsername: z.string().nullable(),
  text: z.string().nullable().describe('Current text; null when deleted'),
  originalText: z.string().optional(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  deleted: z.boolean(),
  replyTo: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  attachments: z.array(AttachmentRecord).optional(),
  system: SystemEvent.optional(),
});
export type AdminMessage = z.infer<typeof AdminMessage>;

export const AdminReceipt = z.object({
  key: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  readMessageId: z.string().nullable(),
  readAt: Timestamp.nullable(),
  deliveredMessageId: z.string().nullable(),
  deliveredAt: Timestamp.nullable(),
});

export const AdminAttachment = AttachmentRecord.extend({ messageId: z.string() });
export const AdminSystemEvent = z.object({ messageId: z.string(), createdAt: Timestamp, text: z.string(), event: SystemEvent });

/** Everything decoded from a conversation's stored document. */
export const AdminDecodedDocument = z.object({
  messages: z.array(AdminMessage),
  receipts: z.array(AdminReceipt),
  attachments: z.array(AdminAttachment),
  systemEvents: z.array(AdminSystemEvent),
  unreadable: z.number().int().describe('Entries of `messages` that do not match the schema (0 on a healthy server)'),
});
export type AdminDecodedDocument = z.infer<typeof AdminDecodedDocument>;

/** `GET /admin/conversations/:id`: the conversation decoded from SQLite (snapshot and stored updates). */
export const AdminConversationDetail = AdminDecodedDocument.extend({
  conversation: AdminConversationSummary.extend({ createdAt: Timestamp, members: z.array(AdminMember) }),
  problems: z.array(z.string()).describe('Stored rows that do not decode or miss dependencies (empty on a healthy server)'),
});
export type AdminConversationDetail = z.infer<typeof AdminConversationDetail>;

export const AdminStoredUpdate = z.object({
  seq: z.number().int(),
  createdAt: Timestamp,
  writerUserId: z.string().nullable().describe('Null for the server’s own writes (REST messages, system events)'),
  writerUsername: z.string().nullable(),
  bytes: z.number().int(),
});
/** Stored updates newest first; what earlier compactions folded is in `snapshot`. */
export const AdminUpdatePage = paged(AdminStoredUpdate).extend({
  snapshot: z.object({ seq: z.number().int(), bytes: z.number().int(), updatedAt: Timestamp }).nullable(),
});

/** `GET /admin/conversations/:id/export`: the decoded conversation plus every stored row, base64. */
export const AdminConversationExport = AdminConversationDetail.extend({
  format: z.literal('parley.conversation.v1'),
  exportedAt: Timestamp,
  stored: z.object({
    snapshot: z.object({ seq: z.number().int(), updatedAt: Timestamp, base64: z.string() }).nullable(),
    updates: z.array(z.object({ seq: z.number().int(), createdAt: Timestamp, writerUserId: z.string().nullable(), base64: z.string() })),
  }),
});
export type AdminConversationExport = z.infer<typeof AdminConversationExport>;

export const AdminCompactResult = z.object({ folded: z.number().int(), storage: AdminStorage });

/** An admin read of a conversation, as its members see it (`GET /conversations/:id/admin-reads`). */
export const AdminReadEntry = z.object({
  id: z.number().int(),
  adminId: z.string().nullable(),
  adminUsername: z.string().nullable(),
  what: z.enum(ADMIN_READ_KINDS),
  createdAt: Timestamp,
});
export const AdminReadPage = paged(AdminReadEntry);
