import { IdParams } from '../../shared/api/common.js';
import { DeliveredBody, EditMessageBody, HistoryQuery, MessagePage, MessageParams, MessageResponse, ReadBody, SendMessageBody } from '../../shared/api/messages.js';
import { authOf, type Api } from '../http/route.js';
import type { MessagesService } from './messages-service.js';

const TAG = 'messages';

/** Messages of a conversation: send, history, edit, delete, read and delivered positions. Every write goes into the document. */
export function messagesRoutes(api: Api, messages: MessagesService): void {
  api.route(
    { method: 'post', path: '/conversations/:id/messages', tag: TAG, summary: 'Send a message; `@username` of members become mentions, `replyTo` names a message of this conversation', auth: true, params: IdParams, body: SendMessageBody, status: 201, response: MessageResponse, errors: [400, 403, 404] },
    (ctx, { params, body }) => ({ message: messages.send(authOf(ctx).userId, params.id, body) }),
  );
  api.route(
    { method: 'get', path: '/conversations/:id/messages', tag: TAG, summary: 'History, oldest first within a page; pass `nextCursor` as `before` for the older page', auth: true, params: IdParams, query: HistoryQuery, status: 200, response: MessagePage, errors: [400, 403, 404] },
    (ctx, { params, query }) => messages.history(authOf(ctx).userId, params.id, query.limit, query.before),
  );
  api.route(
    { method: 'patch', path: '/conversations/:id/messages/:messageId', tag: TAG, summary: 'Edit your own message', auth: true, params: MessageParams, body: EditMessageBody, status: 200, response: MessageResponse, errors: [400, 403, 404] },
    (ctx, { params, body }) => ({ message: messages.edit(authOf(ctx).userId, params.id, params.messageId, body.text) }),
  );
  api.route(
    { method: 'delete', path: '/conversations/:id/messages/:messageId', tag: TAG, summary: 'Delete your own message (it stays in place, without its content)', auth: true, params: MessageParams, status: 204, errors: [400, 403, 404] },
    (ctx, { params }) => messages.remove(authOf(ctx).userId, params.id, params.messageId),
  );
  api.route(
    { method: 'post', path: '/conversations/:id/read', tag: TAG, summary: 'Mark read up to a message; the read position never moves backwards', auth: true, params: IdParams, body: ReadBody, status: 204, errors: [400, 403, 404] },
    (ctx, { params, body }) => messages.markRead(authOf(ctx).userId, params.id, body.messageId),
  );
  api.route(
    { method: 'post', path: '/conversations/:id/delivered', tag: TAG, summary: 'Mark delivered up to a message (a device of yours has it); the position never moves backwards', auth: true, params: IdParams, body: DeliveredBody, status: 204, errors: [400, 403, 404] },
    (ctx, { params, body }) => messages.markDelivered(authOf(ctx).userId, params.id, body.messageId),
  );
}
