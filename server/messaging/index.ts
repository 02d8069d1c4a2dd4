import { isoTime } from '../../shared/api/common.js';
import type { LastMessage } from '../../shared/api/social.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Api } from '../http/route.js';
import type { Logger } from '../logger.js';
import type { SocialContext } from '../social/index.js';
import type { SyncServer } from '../sync/sync-server.js';
import { MessagingStore, type IndexedLastMessage } from './index-store.js';
import { ConversationIndexer } from './indexer.js';
import type { LastSeen } from './last-seen.js';
import { subscribeMessageNotifications } from './message-notifications.js';
import { messagesRoutes } from './messages-routes.js';
import { MessagesService, type AttachmentResolver } from './messages-service.js';
import { writeSystemEvents } from './system-events.js';

/** Messaging as the rest of the server sees it. */
export interface MessagingContext {
  messages: MessagesService;
  indexer: ConversationIndexer;
  store: MessagingStore;
  /** Who has been away long enough for missed-message mail; requests and sockets feed it. */
  lastSeen: LastSeen;
  /** Removes every listener `createMessaging` added (and stops `lastSeen`). */
  destroy(): void;
}

export interface MessagingDeps {
  db: Db;
  sync: SyncServer;
  social: SocialContext;
  users: UsersStore;
  events: EventBus;
  log: Logger;
  appUrl: string;
  /** Owned from here on: stopped by `destroy()`. */
  lastSeen: LastSeen;
  /** Turns attachment ids of REST messages into records; without it, messages carry no attachments. */
  attachments?: AttachmentResolver;
}

const PREVIEW_LENGTH = 200;

/** Builds messaging: REST service, the derived index (plugged into conversation views), system messages, notifications. */
export function createMessaging(deps: MessagingDeps): MessagingContext {
  const { sync, social } = deps;
  const store = new MessagingStore(deps.db);
  const indexer = new ConversationIndexer({
    docs: sync,
    store,
    // Asked for every dirty conversation on every flush: answered from the facts cache, not SQL.
    exists: (id) => social.conversationFacts.get(id) !== undefined,
    members: (id) => social.conversationFacts.get(id)?.memberIds ?? [],
    touch: (id, at) => social.conversationsStore.touch(id, at),
    log: deps.log,
    onIndexed: (conversationId, memberIds) => deps.events.emit('conversation.indexed', { conversationId, memberIds }),
  });
  indexer.backfill();
  social.views.setSummaries({
    refresh: () => indexer.flush(),
    summaries: (ids, viewerId) => {
      indexer.flush();
      const found = store.summaries(ids, viewerId);
      return new Map([...found].map(([id, s]) => [id, { unreadCount: s.unreadCount, lastMessage: s.lastMessage ? preview(s.lastMessage) : null }]));
    },
  });
  const messages = new MessagesService(sync, social.conversations, social.conversationsStore, deps.users, deps.attachments ?? null);
  const offs = [
    writeSystemEvents({ events: deps.events, docs: sync, conversations: social.conversationsStore, users: deps.users, log: deps.log }),
    subscribeMessageNotifications({ sync, notifications: social.notifications, conversations: social.conversationFacts, store, presence: deps.lastSeen }),
  ];
  return {
    messages,
    indexer,
    store,
    lastSeen: deps.lastSeen,
    destroy: () => {
      offs.forEach((off) => off());
      deps.lastSeen.destroy();
      indexer.destroy();
    },
  };
}

/** Mounts the message routes. */
export function messagingRoutes(api: Api, messaging: MessagingContext): void {
  messagesRoutes(api, messaging.messages);
}

function preview(m: IndexedLastMessage): LastMessage {
  const text = m.text === null || m.deleted ? '' : [...m.text].slice(0, PREVIEW_LENGTH).join('');
  return { id: m.id, author: m.author, text, createdAt: isoTime(m.createdAt), deleted: m.deleted };
}
