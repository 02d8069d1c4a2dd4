import type { SearchExclusions } from '../accounts/users-routes.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Api } from '../http/route.js';
import type { Mailer } from '../mail/mailer.js';
import { ConversationViews } from './conversation-view.js';
import { conversationsRoutes } from './conversations-routes.js';
import { ConversationsService } from './conversations-service.js';
import { ConversationsStore } from './conversations-store.js';
import { ConversationFactsCache } from './conversation-facts.js';
import { friendsRoutes } from './friends-routes.js';
import { FriendsService } from './friends-service.js';
import { FriendsStore } from './friends-store.js';
import { SocialGraph } from './graph.js';
import { groupsRoutes } from './groups-routes.js';
import { GroupsService } from './groups-service.js';
import { GroupsStore } from './groups-store.js';
import { subscribeNotifications } from './notifications-listener.js';
import { notificationsRoutes } from './notifications-routes.js';
import { NotificationsService } from './notifications-service.js';
import { NotificationsStore } from './notifications-store.js';
import type { Presence } from './presence.js';

export type { Presence } from './presence.js';

/** The social graph as the rest of the server sees it. */
export interface SocialContext {
  friends: FriendsService;
  conversations: ConversationsService;
  groups: GroupsService;
  notifications: NotificationsService;
  /** Membership as SQL: the sync engine calls `isMember` and `conversationExists` on it. */
  conversationsStore: ConversationsStore;
  /** Friendships as SQL: inbox signals ask whose friends someone is. */
  friendsStore: FriendsStore;
  /** Open or not, name and members of each conversation, remembered until they change (hot paths). */
  conversationFacts: ConversationFactsCache;
  /** Conversation views: messaging plugs its index in here (setSummaries). */
  views: ConversationViews;
  /** Who blocked a user: account search hides them from that user. */
  hiddenFrom: SearchExclusions;
  /** Removes every event listener `createSocial` added. */
  destroy(): void;
}

export interface SocialDeps {
  db: Db;
  users: UsersStore;
  events: EventBus;
  mailer: Mailer;
  /** Where mails send people (the app's public URL). */
  appUrl: string;
  /** Live presence from the sync engine. */
  presence: Presence;
}

/** Builds the social capability and subscribes its listeners to the event bus. */
export function createSocial(deps: SocialDeps): SocialContext {
  const { db, users, events } = deps;
  const conversationsStore = new ConversationsStore(db);
  const views = new ConversationViews(conversationsStore, users);
  const friendsStore = new FriendsStore(db);
  const graph = new SocialGraph(friendsStore);
  const conversations = new ConversationsService(db, conversationsStore, views, graph, users, events);
  const friends = new FriendsService(db, friendsStore, graph, users, events, deps.presence, conversations);
  const groups = new GroupsService(db, conversationsStore, views, conversations, graph, users, events, new GroupsStore(db));
  const notifications = new NotificationsService(new NotificationsStore(db), users, deps.mailer, deps.appUrl, events);
  const conversationFacts = new ConversationFactsCache(conversationsStore, events);
  const unsubscribe = [
    subscribeNotifications(events, notifications, conversationsStore),
    events.on('user.deactivated', ({ userId }) => groups.ownerDeactivated(userId)),
  ];
  return {
    friends,
    conversations,
    groups,
    notifications,
    conversationsStore,
    friendsStore,
    conversationFacts,
    views,
    hiddenFrom: graph.hiddenFrom,
    destroy: () => {
      unsubscribe.forEach((off) => off());
      conversationFacts.destroy();
    },
  };
}

/** Mounts every social route. */
export function socialRoutes(api: Api, social: SocialContext): void {
  friendsRoutes(api, social.friends);
  conversationsRoutes(api, social.conversations);
  groupsRoutes(api, social.groups);
  notificationsRoutes(api, social.notifications);
}
