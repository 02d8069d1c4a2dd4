import { MarkReadBody, NotificationPage, NotificationQuery, UpdateSettingsBody, UserSettingsResponse } from '../../shared/api/social.js';
import { authOf, type Api } from '../http/route.js';
import type { NotificationsService } from './notifications-service.js';

const TAG = 'notifications';

/** The notification inbox and per-user notification settings. */
export function notificationsRoutes(api: Api, notifications: NotificationsService): void {
  api.route(
    { method: 'get', path: '/notifications', tag: TAG, summary: 'Your notifications, newest first (`unread=true` for unread only)', auth: true, query: NotificationQuery, status: 200, response: NotificationPage },
    (ctx, { query }) => notifications.list(authOf(ctx).userId, query.unread ?? false, query.page, query.size),
  );
  api.route(
    { method: 'post', path: '/notifications/read', tag: TAG, summary: 'Mark notifications read: `{ids: [...]}` or `{all: true}`', auth: true, body: MarkReadBody, status: 204 },
    (ctx, { body }) => notifications.markRead(authOf(ctx).userId, body),
  );
  api.route(
    { method: 'get', path: '/users/me/settings', tag: TAG, summary: 'Your notification settings (every switch is on by default)', auth: true, status: 200, response: UserSettingsResponse },
    (ctx) => ({ settings: notifications.settings(authOf(ctx).userId) }),
  );
  api.route(
    { method: 'patch', path: '/users/me/settings', tag: TAG, summary: 'Change some of your notification settings', auth: true, body: UpdateSettingsBody, status: 200, response: UserSettingsResponse },
    (ctx, { body }) => ({ settings: notifications.updateSettings(authOf(ctx).userId, body) }),
  );
}
