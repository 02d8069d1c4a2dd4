import { inboxRoom, markInboxRead, putNotification } from '../../shared/doc/inbox.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { SyncServer } from './sync-server.js';

/**
 * Notifications reach each user's inbox document here, written by the server like any update:
 * persisted, then broadcast to the user's live sockets, and kept by clients for offline use.
 * A failed inbox write is logged and never fails the action that caused the notification.
 * Returns the unsubscribe function.
 */
export function bridgeNotificationsToInbox(events: EventBus, sync: SyncServer, log: Logger): () => void {
  const write = (userId: string, change: Parameters<SyncServer['write']>[1]) => {
    try {
      sync.write(inboxRoom(userId), change);
    } catch (err) {
      log.error({ err, userId }, 'inbox write failed');
    }
  };
  const offs = [
    events.on('notification.created', ({ userId, notification }) => write(userId, (doc) => putNotification(doc, notification))),
    events.on('notifications.read', ({ userId, ids }) => write(userId, (doc) => markInboxRead(doc, ids))),
  ];
  return () => offs.forEach((off) => off());
}
