import { IdParams } from '../../shared/api/common.js';
import { BlockList, FriendList, FriendRequestLists, FriendRequestResult, FriendResponse, UserIdParams, UsernameBody } from '../../shared/api/social.js';
import { authOf, type Api } from '../http/route.js';
import type { FriendsService } from './friends-service.js';

const FRIENDS = 'friends';
const BLOCKS = 'blocks';

/** Friend requests, the friend list and blocks. */
export function friendsRoutes(api: Api, friends: FriendsService): void {
  api.route(
    { method: 'post', path: '/friends/requests', tag: FRIENDS, summary: 'Send a friend request by username (status "accepted" when they had already asked you: you are friends now)', auth: true, body: UsernameBody, status: 201, response: FriendRequestResult, errors: [403, 404, 409] },
    // Always 201 as the contract says; a mutual request is told apart by `status`.
    (ctx, { body }) => friends.send(authOf(ctx).userId, body.username),
  );
  api.route(
    { method: 'get', path: '/friends/requests', tag: FRIENDS, summary: 'Your pending requests, incoming and outgoing', auth: true, status: 200, response: FriendRequestLists },
    (ctx) => friends.requests(authOf(ctx).userId),
  );
  api.route(
    { method: 'post', path: '/friends/requests/:id/accept', tag: FRIENDS, summary: 'Accept a request sent to you', auth: true, params: IdParams, status: 200, response: FriendResponse, errors: [403, 404] },
    (ctx, { params }) => ({ friend: friends.acceptRequest(authOf(ctx).userId, params.id) }),
  );
  api.route(
    { method: 'post', path: '/friends/requests/:id/decline', tag: FRIENDS, summary: 'Decline a request sent to you', auth: true, params: IdParams, status: 204, errors: [403, 404] },
    (ctx, { params }) => friends.decline(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'delete', path: '/friends/requests/:id', tag: FRIENDS, summary: 'Withdraw a request you sent', auth: true, params: IdParams, status: 204, errors: [403, 404] },
    (ctx, { params }) => friends.cancel(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'get', path: '/friends', tag: FRIENDS, summary: 'Your friends, with whether they are online', auth: true, status: 200, response: FriendList },
    (ctx) => ({ items: friends.list(authOf(ctx).userId) }),
  );
  api.route(
    { method: 'delete', path: '/friends/:userId', tag: FRIENDS, summary: 'Unfriend someone; your direct conversation closes for new messages', auth: true, params: UserIdParams, status: 204, errors: [404] },
    (ctx, { params }) => friends.remove(authOf(ctx).userId, params.userId),
  );
  api.route(
    { method: 'post', path: '/users/:id/block', tag: BLOCKS, summary: 'Block someone: ends your friendship and pending requests; they can no longer request, chat with, add or find you', auth: true, params: IdParams, status: 204, errors: [404, 409] },
    (ctx, { params }) => friends.block(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'delete', path: '/users/:id/block', tag: BLOCKS, summary: 'Unblock someone (they are not re-befriended)', auth: true, params: IdParams, status: 204, errors: [404] },
    (ctx, { params }) => friends.unblock(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'get', path: '/blocks', tag: BLOCKS, summary: 'People you have blocked, newest first', auth: true, status: 200, response: BlockList },
    (ctx) => ({ items: friends.blocked(authOf(ctx).userId) }),
  );
}
