import { SelfUserResponse } from '../../shared/api/accounts.js';
import { AvatarParams, FileUploadBody } from '../../shared/api/attachments.js';
import { IdParams } from '../../shared/api/common.js';
import { GroupConversation } from '../../shared/api/social.js';
import { authOf, type Api } from '../http/route.js';
import { Bytes, sendBlob } from './attachments-routes.js';
import type { AvatarsService } from './avatars-service.js';
import { receiveFile, type UploadLimits } from './multipart.js';

const TAG = 'avatars';
const YEAR_SECONDS = 365 * 24 * 3600;

const upload = { auth: true, body: FileUploadBody, requestContentType: 'multipart/form-data', status: 200 } as const;

/** Setting and clearing user and group avatars, and fetching them by id. */
export function avatarsRoutes(api: Api, avatars: AvatarsService, options: Omit<UploadLimits, 'what'>): void {
  const limits = { ...options, what: 'Avatars' };
  api.route(
    { ...upload, method: 'put', path: '/users/me/avatar', tag: TAG, summary: 'Set your avatar (multipart, part `file`: PNG, JPEG, WebP or GIF; stored as a 256×256 square)', response: SelfUserResponse, errors: [400, 413, 415] },
    async (ctx) => ({ user: await avatars.setUserAvatar(authOf(ctx).userId, await receiveFile(ctx, limits)) }),
  );
  api.route(
    { method: 'delete', path: '/users/me/avatar', tag: TAG, summary: 'Remove your avatar', auth: true, status: 200, response: SelfUserResponse },
    (ctx) => ({ user: avatars.clearUserAvatar(authOf(ctx).userId) }),
  );
  api.route(
    { ...upload, method: 'put', path: '/groups/:id/avatar', tag: TAG, summary: "Set a group's avatar (owner, admin); the group gets a system message", params: IdParams, response: GroupConversation, errors: [400, 403, 404, 413, 415] },
    async (ctx, { params }) => {
      const me = authOf(ctx).userId;
      avatars.assertGroupManager(me, params.id);
      return avatars.setGroupAvatar(me, params.id, await receiveFile(ctx, limits));
    },
  );
  api.route(
    { method: 'delete', path: '/groups/:id/avatar', tag: TAG, summary: "Remove a group's avatar (owner, admin)", auth: true, params: IdParams, status: 200, response: GroupConversation, errors: [403, 404] },
    (ctx, { params }) => avatars.clearGroupAvatar(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'get', path: '/avatars/:avatarId', tag: TAG, summary: 'An avatar image, for any signed-in user; its bytes never change', auth: true, params: AvatarParams, status: 200, response: Bytes.describe('The image'), errors: [404] },
    (ctx, { params }) => sendBlob(ctx, { ...avatars.open(params.avatarId), maxAge: YEAR_SECONDS }),
  );
}
