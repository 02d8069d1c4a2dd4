import type { z } from 'zod';
import {
  BlockList,
  Conversation,
  ConversationPage,
  FriendList,
  FriendRequestLists,
  FriendRequestResult,
  FriendResponse,
  GroupConversation,
  NotificationPage,
  UserSettingsResponse,
  type CreateGroupBody,
  type UpdateSettingsBody,
} from '../../../shared/api/social.js';
import type { ApiClient } from './client.js';

const id = (value: string) => encodeURIComponent(value);

/** Friends, blocks, conversations, groups, notifications and settings (`shared/api/social.ts`). */
export function socialApi(api: ApiClient) {
  return {
    friends: async () => (await api.get('/friends', FriendList)).items,
    friendRequests: () => api.get('/friends/requests', FriendRequestLists),
    sendFriendRequest: (username: string) => api.call('POST', '/friends/requests', { body: { username }, schema: FriendRequestResult }),
    acceptRequest: (requestId: string) => api.call('POST', `/friends/requests/${id(requestId)}/accept`, { schema: FriendResponse }),
    declineRequest: (requestId: string) => api.call('POST', `/friends/requests/${id(requestId)}/decline`),
    withdrawRequest: (requestId: string) => api.call('DELETE', `/friends/requests/${id(requestId)}`),
    removeFriend: (userId: string) => api.call('DELETE', `/friends/${id(userId)}`),
    block: (userId: string) => api.call('POST', `/users/${id(userId)}/block`),
    unblock: (userId: string) => api.call('DELETE', `/users/${id(userId)}/block`),
    blocks: async () => (await api.get('/blocks', BlockList)).items,

    conversations: async () => (await api.get('/conversations?size=100', ConversationPage)).items,
    conversation: (conversationId: string) => api.get(`/conversations/${id(conversationId)}`, Conversation),
    openDirect: (username: string) => api.call('POST', '/conversations/direct', { body: { username }, schema: Conversation }),

    createGroup: (body: z.input<typeof CreateGroupBody>) => api.call('POST', '/groups', { body, schema: GroupConversation }),
    renameGroup: (groupId: string, name: string) => api.call('PATCH', `/groups/${id(groupId)}`, { body: { name }, schema: GroupConversation }),
    addMember: (groupId: string, username: string) => api.call('POST', `/groups/${id(groupId)}/members`, { body: { username }, schema: GroupConversation }),
    removeMember: (groupId: string, userId: string) => api.call('DELETE', `/groups/${id(groupId)}/members/${id(userId)}`),
    setRole: (groupId: string, userId: string, role: 'admin' | 'member') =>
      api.call('PATCH', `/groups/${id(groupId)}/members/${id(userId)}`, { body: { role }, schema: GroupConversation }),
    leaveGroup: (groupId: string) => api.call('POST', `/groups/${id(groupId)}/leave`),

    notifications: () => api.get('/notifications?size=50', NotificationPage),
    markNotificationsRead: (ids: string[] | 'all') => api.call('POST', '/notifications/read', { body: ids === 'all' ? { all: true } : { ids } }),

    settings: async () => (await api.get('/users/me/settings', UserSettingsResponse)).settings,
    updateSettings: async (body: z.input<typeof UpdateSettingsBody>) =>
      (await api.call('PATCH', '/users/me/settings', { body, schema: UserSettingsResponse })).settings,
  };
}

export type SocialApi = ReturnType<typeof socialApi>;
