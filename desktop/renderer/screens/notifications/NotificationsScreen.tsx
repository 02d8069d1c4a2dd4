import { Avatar } from '../../components/Avatar.js';
import { navigate } from '../../hooks/use-route.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { displayName } from '../../lib/names.js';
import { shortAgo } from '../../lib/time.js';
import type { Account } from '../../session/session.js';
import { describe, target } from './notification-text.js';
import type { NotificationsFeed } from './use-notifications.js';

/** In-app notifications, newest first; opening one marks it read. */
export function NotificationsScreen({ account, feed }: { account: Account; feed: NotificationsFeed }) {
  const items = feed?.items ?? [];
  const { run } = useAttempt('toast');
  // The inbox document is live: the server's change shows up by itself.
  const markRead = (ids: string[] | 'all') => run(() => account.social.markNotificationsRead(ids));

  return (
    <div className="page narrow">
      <header className="page-header">
        <h1>Notifications</h1>
        <button onClick={() => markRead('all')} disabled={!feed?.unreadCount}>
          Mark all read
        </button>
      </header>
      <ul className="notifications card" role="list" data-testid="notifications">
        {items.length === 0 ? <li className="muted empty">Nothing yet.</li> : null}
        {items.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <button
              className="notification"
              onClick={() => {
                if (!n.read) void markRead([n.id]);
                const to = target(n);
                if (to) navigate(to);
              }}
            >
              <Avatar id={n.actor?.id ?? n.id} name={n.actor ? displayName(n.actor) : '!'} avatarId={n.actor?.avatarId} size={32} />
              <span className="notification-text">{describe(n)}</span>
              <time className="muted">{shortAgo(Date.parse(n.createdAt))}</time>
              {!n.read ? <span className="unread-dot" aria-label="unread" /> : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
