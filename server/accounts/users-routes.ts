import {
  Accepted, ChangeEmailBody, ChangePasswordBody, DeactivateBody, PublicUserResponse, SelfUserResponse, SessionList, UpdateProfileBody,
  UserSearchQuery, UserSearchResponse,
} from '../../shared/api/accounts.js';
import { IdParams } from '../../shared/api/common.js';
import { notFound } from '../http/errors.js';
import { authOf, type Api } from '../http/route.js';
import type { AccountsContext } from './context.js';
import { changePassword, requestEmailChange } from './credentials.js';
import { currentUser } from './current-user.js';
import { deactivate, publicProfile, searchUsers, updatePublicProfile } from './profile.js';
import { selfView } from './user-view.js';

const TAG = 'users';

/** Who else a user must not find in search (e.g. people who blocked them); the social graph fills this in. */
export type SearchExclusions = (userId: string) => string[];

/** Profile, credentials, sessions, deactivation and user search. */
export function usersRoutes(api: Api, acc: AccountsContext, hiddenFrom: SearchExclusions = () => []): void {
  api.route(
    { method: 'get', path: '/users/me', tag: TAG, summary: 'Your account', auth: true, status: 200, response: SelfUserResponse },
    (ctx) => ({ user: selfView(currentUser(acc, ctx)) }),
  );
  api.route(
    { method: 'patch', path: '/users/me', tag: TAG, summary: 'Update display name and bio', auth: true, body: UpdateProfileBody, status: 200, response: SelfUserResponse },
    (ctx, { body }) => {
      const user = currentUser(acc, ctx);
      updatePublicProfile(acc, user.id, body);
      return { user: selfView(currentUser(acc, ctx)) };
    },
  );
  api.route(
    { method: 'delete', path: '/users/me', tag: TAG, summary: 'Deactivate your account (soft delete; needs your password)', auth: true, body: DeactivateBody, status: 204, errors: [403] },
    (ctx, { body }) => deactivate(acc, currentUser(acc, ctx), body.password),
  );
  api.route(
    { method: 'post', path: '/users/me/password', tag: TAG, summary: 'Change your password; your other sessions end', auth: true, body: ChangePasswordBody, status: 204, errors: [403, 429] },
    (ctx, { body }) => changePassword(acc, currentUser(acc, ctx), body.currentPassword, body.newPassword, authOf(ctx).sessionId),
  );
  api.route(
    { method: 'post', path: '/users/me/email', tag: TAG, summary: 'Change your address: the new one confirms through a mailed link', auth: true, body: ChangeEmailBody, status: 202, response: Accepted, errors: [403, 409] },
    async (ctx, { body }) => {
      await requestEmailChange(acc, currentUser(acc, ctx), body.email, body.password);
      return { status: 'accepted' as const };
    },
  );
  api.route(
    { method: 'get', path: '/users/me/sessions', tag: TAG, summary: 'Your live sessions', auth: true, status: 200, response: SessionList },
    (ctx) => ({ items: acc.sessions.list(authOf(ctx).userId, authOf(ctx).sessionId) }),
  );
  api.route(
    { method: 'delete', path: '/users/me/sessions/:id', tag: TAG, summary: 'End one of your sessions', auth: true, params: IdParams, status: 204, errors: [404] },
    (ctx, { params }) => {
      if (!acc.sessions.revokeOwn(authOf(ctx).userId, params.id, 'revoked_by_user')) throw notFound('No such session');
    },
  );
  api.route(
    { method: 'get', path: '/users/search', tag: TAG, summary: 'Find people by username or display name', auth: true, query: UserSearchQuery, status: 200, response: UserSearchResponse },
    (ctx, { query }) => {
      const me = authOf(ctx).userId;
      return searchUsers(acc, query.q, query.page, query.size, [me, ...hiddenFrom(me)]);
    },
  );
  api.route(
    { method: 'get', path: '/users/:id', tag: TAG, summary: "Someone's public profile", auth: true, params: IdParams, status: 200, response: PublicUserResponse, errors: [404] },
    (_ctx, { params }) => ({ user: publicProfile(acc, params.id) }),
  );
}
