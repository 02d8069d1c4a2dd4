import type { ReactNode } from 'react';
import { Avatar } from '../components/Avatar.js';
import { Icon, type IconName } from '../components/Icon.js';
import { useOnline } from '../hooks/use-online.js';
import { Link, usePath } from '../hooks/use-route.js';
import { useStore } from '../hooks/use-store.js';
import { displayName } from '../lib/names.js';
import type { Account } from '../session/session.js';

function NavItem({ to, icon, label, active, badge }: { to: string; icon: IconName; label: string; active: boolean; badge?: number }) {
  return (
    <Link to={to} className={`rail-item${active ? ' active' : ''}`} title={label} aria-label={label} aria-current={active ? 'page' : undefined}>
      <Icon name={icon} size={22} />
      {badge ? <span className="badge rail-badge">{badge > 99 ? '99+' : badge}</span> : null}
    </Link>
  );
}

/** The signed-in frame: navigation rail, offline banner, and the current screen. */
export function Shell({ account, unread, children }: { account: Account; unread: number; children: ReactNode }) {
  const path = usePath().split('?')[0]!;
  const me = useStore(account.me);
  const online = useOnline();
  return (
    <div className="shell">
      <nav className="rail" aria-label="Main">
        <div className="brand-mark">P</div>
        <NavItem to="/" icon="chat" label="Chats" active={path === '/' || path.startsWith('/c/') || path.startsWith('/groups')} />
        <NavItem to="/friends" icon="users" label="Friends" active={path === '/friends'} />
        <NavItem to="/notifications" icon="bell" label="Notifications" active={path === '/notifications'} badge={unread} />
        {me.isAdmin ? <NavItem to="/admin" icon="info" label="Admin" active={path.startsWith('/admin')} /> : null}
        <span className="rail-spacer" />
        <NavItem to="/settings" icon="settings" label="Settings" active={path === '/settings'} />
        <Link to="/settings" className="rail-me" title={`${displayName(me)} (@${me.username})`}>
          <Avatar id={me.id} name={displayName(me)} avatarId={me.avatarId} size={34} online={online} />
        </Link>
      </nav>
      <div className="shell-main">
        {!online ? (
          <div className="offline-bar" role="status" data-testid="offline-bar">
            Offline: you can read and write; everything syncs when the network is back.
          </div>
        ) : null}
        {children}
      </div>
    </div>
  );
}
