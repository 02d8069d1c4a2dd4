import { SelfUserResponse } from '../../../shared/api/accounts.js';
import { GroupConversation } from '../../../shared/api/social.js';
import { fetchBlob, uploadFile } from './binary.js';
import type { ApiClient } from './client.js';

const id = (value: string) => encodeURIComponent(value);

/** Profile and group pictures: `PUT/DELETE /users/me/avatar`, `PUT/DELETE /groups/:id/avatar`, `GET /avatars/:avatarId`. */
export function avatarsApi(api: ApiClient) {
  return {
    /** Sets your picture; answers your updated profile. */
    setMine: async (file: File) => (await uploadFile(api, '/users/me/avatar', file, SelfUserResponse, { method: 'PUT' })).user,
    removeMine: async () => (await api.call('DELETE', '/users/me/avatar', { schema: SelfUserResponse })).user,
    /** Sets a group's picture (owner, admin); answers the updated group. */
    setGroup: (groupId: string, file: File) => uploadFile(api, `/groups/${id(groupId)}/avatar`, file, GroupConversation, { method: 'PUT' }),
    removeGroup: (groupId: string) => api.call('DELETE', `/groups/${id(groupId)}/avatar`, { schema: GroupConversation }),
    /** The picture's bytes. */
    image: (avatarId: string) => fetchBlob(api, `/avatars/${id(avatarId)}`),
  };
}

export type AvatarsApi = ReturnType<typeof avatarsApi>;
