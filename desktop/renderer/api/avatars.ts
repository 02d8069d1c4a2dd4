import { SelfUserResponse } from '../../../shared/api/accounts.js';
import { GroupConversation } from '../../../shared/api/social.js';
import { ApiClient } from './client.js';
import { checked, fetchBlob, uploadFile, type Credentials } from './binary.js';

const id = (value: string) => encodeURIComponent(value);

/** Profile and group pictures: `PUT/DELETE /users/me/avatar`, `PUT/DELETE /groups/:id/avatar`, `GET /avatars/:avatarId`. */
export function avatarsApi(creds: Credentials) {
  const api = new ApiClient(creds.serverUrl, creds.tokens);
  return {
    /** Sets your picture; answers your updated profile. */
    setMine: async (file: File) => checked(SelfUserResponse, await uploadFile(creds, '/users/me/avatar', file, { method: 'PUT' }), 'a new picture').user,
    removeMine: async () => (await api.call('DELETE', '/users/me/avatar', { schema: SelfUserResponse })).user,
    /** Sets a group's picture (owner, admin); answers the updated group. */
    setGroup: async (groupId: string, file: File) =>
      checked(GroupConversation, await uploadFile(creds, `/groups/${id(groupId)}/avatar`, file, { method: 'PUT' }), 'a new group picture'),
    removeGroup: (groupId: string) => api.call('DELETE', `/groups/${id(groupId)}/avatar`, { schema: GroupConversation }),
    /** The picture's bytes. */
    image: (avatarId: string) => fetchBlob(creds, `/avatars/${id(avatarId)}`),
  };
}

export type AvatarsApi = ReturnType<typeof avatarsApi>;
