import { IdParams, PageQuery } from '../../shared/api/common.js';
import { Conversation, ConversationPage, UsernameBody } from '../../shared/api/social.js';
import { authOf, WithStatus, type Api } from '../http/route.js';
import type { ConversationsService } from './conversations-service.js';

const TAG = 'conversations';

/** Direct conversations, the conversation list and conversation details. */
export function conversationsRoutes(api: Api, conversations: ConversationsService): void {
  api.route(
    { method: 'post', path: '/conversations/direct', tag: TAG, summary: 'Open the direct conversation with a friend: 201 when created, 200 when it already existed', auth: true, body: UsernameBody, status: 201, response: Conversation, errors: [403, 404] },
    (ctx, { body }) => {
      const { conversation, created } = conversations.openDirect(authOf(ctx).userId, body.username);
      return created ? conversation : new WithStatus(200, conversation);
    },
  );
  api.route(
    { method: 'get', path: '/conversations', tag: TAG, summary: 'Your conversations, most recent activity first', auth: true, query: PageQuery, status: 200, response: ConversationPage },
    (ctx, { query }) => conversations.list(authOf(ctx).userId, query.page, query.size),
  );
  api.route(
    { method: 'get', path: '/conversations/:id', tag: TAG, summary: 'A conversation you belong to, with its members and their roles', auth: true, params: IdParams, status: 200, response: Conversation, errors: [403, 404] },
    (ctx, { params }) => conversations.get(authOf(ctx).userId, params.id),
  );
}
