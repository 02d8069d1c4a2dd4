import type { AccountsContext } from '../accounts/context.js';
import type { Db } from '../db/database.js';
import type { Api } from '../http/route.js';
import type { Logger } from '../logger.js';
import type { MessagingContext } from '../messaging/index.js';
import type { SocialContext } from '../social/index.js';
import type { SyncServer } from '../sync/sync-server.js';
import { AdminReads } from './admin-reads.js';
import { adminReadsRoutes } from './admin-reads-routes.js';
import { AuditStore } from './audit-store.js';
import { ConversationInspector } from './conversation-inspector.js';
import { conversationsAdminRoutes } from './conversations-admin-routes.js';
import { ReadNoticesStore } from './read-notices-store.js';

export interface ConversationsAdminWiring {
  db: Db;
  log: Logger;
  accounts: AccountsContext;
  social: SocialContext;
  messaging: MessagingContext;
  sync: SyncServer;
}

/** Mounts the admin conversation routes and the members' view of admin reads. */
export function mountConversationsAdmin(api: Api, deps: ConversationsAdminWiring): void {
  const audit = new AuditStore(deps.db);
  const { users } = deps.accounts;
  // Reads come from SQLite: first make what was acknowledged durable, and the index current.
  const inspector = new ConversationInspector(deps.db, () => {
    deps.sync.flush();
    deps.messaging.indexer.flush();
  });
  const reads = new AdminReads({ audit, notices: new ReadNoticesStore(deps.db), docs: deps.sync, users, log: deps.log });
  conversationsAdminRoutes(api, {
    inspector,
    reads,
    audit,
    exists: (id) => deps.social.conversationsStore.conversationExists(id),
    compact: (id) => deps.sync.compact(id),
  });
  adminReadsRoutes(api, { audit, users, requireMember: (id, userId) => deps.social.conversations.requireMember(id, userId) });
}
