import type { AdminReadKind } from '../../shared/doc/index.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { Logger } from '../logger.js';
import { writeAdminReadEvent } from '../messaging/system-events.js';
import type { ConversationDocs } from '../messaging/messages-service.js';
import type { AuditStore } from './audit-store.js';
import type { ReadNoticesStore } from './read-notices-store.js';

/** The audit action of an admin reading a conversation (details: `{what}`). */
export const ADMIN_READ_ACTION = 'conversation.read';
/** One system message per admin, conversation and this interval; the audit log still records every read. */
export const ADMIN_READ_NOTICE_INTERVAL_MS = 3600_000;

export interface AdminReadsDeps {
  audit: AuditStore;
  notices: ReadNoticesStore;
  docs: Pick<ConversationDocs, 'write'>;
  users: Pick<UsersStore, 'byId'>;
  log: Logger;
}

/**
 * Makes admin reads of a conversation visible: every read goes into the audit log (which members
 * can list), and members see a system message in the conversation, at most once an hour per admin.
 */
export class AdminReads {
  constructor(private readonly deps: AdminReadsDeps) {}

  record(adminId: string, conversationId: string, what: AdminReadKind): void {
    const { audit, notices } = this.deps;
    audit.record({ adminId, action: ADMIN_READ_ACTION, targetType: 'conversation', targetId: conversationId, details: { what } });
    if (!notices.claim(adminId, conversationId, ADMIN_READ_NOTICE_INTERVAL_MS)) return;
    try {
      writeAdminReadEvent(this.deps.docs, conversationId, { adminId, adminName: this.deps.users.byId(adminId)?.username ?? 'unknown', what });
    } catch (err) {
      // The read is audited either way; members still see it through GET /conversations/:id/admin-reads.
      this.deps.log.error({ err, conversationId }, 'writing the admin-read system message failed');
    }
  }
}
