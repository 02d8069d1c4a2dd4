import { z } from 'zod';
import { PublicUser, Username } from './accounts.js';
import { Id, PageQuery, Timestamp, paged } from './common.js';

// ---- friends and blocks ------------------------------------------------------------------

/** Someone addressed by username (friend requests, direct chats, group members). */
export const UsernameBody = z.strictObject({ username: Username });

/** Path parameter `:userId`. */
export const UserIdParams = z.strictObject({ userId: Id });

/** A pending friend request as one side sees it: `user` is always the other side. */
export const FriendRequest = z.object({
  id: Id,
  direction: z.enum(['incoming', 'outgoing']),
  user: PublicUser,
  createdAt: Timestamp,
});
export type FriendRequest = z.infer<typeof FriendRequest>;

/** Answer to sending a request: `accepted` when the other side had already asked (mutual request). */
export const FriendRequestResult = FriendRequest.extend({ status: z.enum(['pending', 'accepted']) });

export const FriendRequestLists = z.object({ incoming: z.array(FriendRequest), outgoing: z.array(FriendRequest) });

/** A friend; `online` is true while they have a live sync connection. */
export const Friend = z.object({ user: PublicUser, online: z.boolean(), since: Timestamp });
export type Friend = z.infer<typeof Friend>;

export const FriendResponse = z.object({ friend: Friend });
export const FriendList = z.object({ items: z.array(Friend) });

export const BlockedUser = z.object({ user: PublicUser, since: Timestamp });
export const BlockList = z.object({ items: z.array(BlockedUser) });

// ---- conversations -----------------------------------------------------------------------

export const Role = z.enum(['owner', 'admin', 'member']);
export type Role = z.infer<typeof Role>;

/** A member of a conversation: the public profile plus their role and since when they belong. */
export const Member = PublicUser.extend({ role: Role, joinedAt: Timestamp });
export type Member = z.infer<typeof Member>;

/** Preview of the newest message by a person (system messages excluded); absent while there is none. */
export const LastMessage = z.object({
  id: z.string(),
  author: Id,
  text: z.string().describe('An excerpt (up to 200 characters); empty when the message was deleted'),
  createdAt: Timestamp,
  deleted: z.boolean(),
});
export type LastMessage = z.infer<typeof LastMessage>;

const ConversationBase = z.object({
  id: Id,
  members: z.array(Member),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  unreadCount: z.number().int().min(0),
  lastMessage: LastMessage.optional(),
});

/** A one-to-one conversation; `closed` while the two are not friends (readable, no new messages). */
export const DirectConversation = ConversationBase.extend({
  type: z.literal('direct'),
  closed: z.boolean(),
  closedAt: Timestamp.nullable(),
});

export const GroupConversation = ConversationBase.extend({
  type: z.literal('group'),
  name: z.string(),
  avatarId: z.string().nullable(),
});
export type GroupConversation = z.infer<typeof GroupConversation>;

export const Conversation = z.discriminatedUnion('type', [DirectConversation, GroupConversation]);
export type Conversation = z.infer<typeof Conversation>;

export const ConversationPage = paged(Conversation);

// ---- groups ------------------------------------------------------------------------------

export const GroupName = z.string().trim().min(1).max(100);

/** A group's picture is set and cleared with PUT/DELETE /groups/:id/avatar, never by id here. */
export const CreateGroupBody = z.strictObject({
  name: GroupName,
  members: z.array(Username).max(100).describe("Usernames of the creator's friends"),
});

export const UpdateGroupBody = z.strictObject({ name: GroupName });

export const GroupMemberParams = z.strictObject({ id: Id, userId: Id });
export const SetRoleBody = z.strictObject({ role: z.enum(['admin', 'member']) });

// ---- notifications -----------------------------------------------------------------------

export const NotificationType = z.enum([
  'friend_request.received',
  'friend_request.accepted',
  'group.added',
  'group.removed',
  /** New messages in a conversation while you had no socket in it (one unread notice per conversation). */
  'message.new',
  /** You were @mentioned while you had no socket in that conversation. */
  'message.mention',
]);
export type NotificationType = z.infer<typeof NotificationType>;

export const Notification = z.object({
  id: Id,
  type: NotificationType,
  actor: PublicUser.nullable().describe('Who caused it, when known'),
  requestId: Id.optional(),
  conversationId: Id.optional(),
  /** The message it is about (message.new: the first one you missed; message.mention: the mention). */
  messageId: z.string().optional(),
  /** The group's name when it happened (a removed member can no longer look it up). */
  groupName: z.string().optional(),
  createdAt: Timestamp,
  read: z.boolean(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationQuery = PageQuery.extend({ unread: z.stringbool().optional().describe('true: only unread ones') });
export const NotificationPage = paged(Notification).extend({ unreadCount: z.number().int() });

export const MarkReadBody = z.union([
  z.strictObject({ ids: z.array(Id).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);

/** Per-user notification settings; every switch is on until the user turns it off. */
export const UserSettings = z.object({
  emailFriendRequests: z.boolean().default(true),
  emailMissedMessages: z.boolean().default(true),
  desktopNotifications: z.boolean().default(true),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const UserSettingsResponse = z.object({ settings: UserSettings });
export const UpdateSettingsBody = z
  .strictObject({
    emailFriendRequests: z.boolean().optional(),
    emailMissedMessages: z.boolean().optional(),
    desktopNotifications: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Nothing to update');
