import { IdParams } from '../../shared/api/common.js';
import { CreateGroupBody, GroupConversation, GroupMemberParams, SetRoleBody, UpdateGroupBody, UsernameBody } from '../../shared/api/social.js';
import { authOf, type Api } from '../http/route.js';
import type { GroupsService } from './groups-service.js';

const TAG = 'groups';

/** Group creation and management; every answer with a body is the updated group. */
export function groupsRoutes(api: Api, groups: GroupsService): void {
  api.route(
    { method: 'post', path: '/groups', tag: TAG, summary: "Create a group with some of your friends; you own it", auth: true, body: CreateGroupBody, status: 201, response: GroupConversation, errors: [403, 404] },
    (ctx, { body }) => groups.create(authOf(ctx).userId, body),
  );
  api.route(
    { method: 'patch', path: '/groups/:id', tag: TAG, summary: 'Rename the group (owner, admin); its picture is set with PUT /groups/:id/avatar', auth: true, params: IdParams, body: UpdateGroupBody, status: 200, response: GroupConversation, errors: [403, 404] },
    (ctx, { params, body }) => groups.update(authOf(ctx).userId, params.id, body),
  );
  api.route(
    { method: 'post', path: '/groups/:id/members', tag: TAG, summary: 'Add one of your friends (owner, admin)', auth: true, params: IdParams, body: UsernameBody, status: 201, response: GroupConversation, errors: [403, 404, 409] },
    (ctx, { params, body }) => groups.addMember(authOf(ctx).userId, params.id, body.username),
  );
  api.route(
    { method: 'delete', path: '/groups/:id/members/:userId', tag: TAG, summary: 'Remove a member (owner: anyone; admin: members); removing yourself leaves', auth: true, params: GroupMemberParams, status: 204, errors: [403, 404] },
    (ctx, { params }) => groups.removeMember(authOf(ctx).userId, params.id, params.userId),
  );
  api.route(
    { method: 'post', path: '/groups/:id/leave', tag: TAG, summary: 'Leave; an owner hands over to the longest-standing admin, else member; the last one out archives it', auth: true, params: IdParams, status: 204, errors: [403, 404] },
    (ctx, { params }) => groups.leave(authOf(ctx).userId, params.id),
  );
  api.route(
    { method: 'patch', path: '/groups/:id/members/:userId', tag: TAG, summary: 'Promote to admin or demote to member (owner only)', auth: true, params: GroupMemberParams, body: SetRoleBody, status: 200, response: GroupConversation, errors: [403, 404] },
    (ctx, { params, body }) => groups.setRole(authOf(ctx).userId, params.id, params.userId, body.role),
  );
}
