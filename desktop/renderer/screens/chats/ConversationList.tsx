import { useMemo, useState } from 'react';
import type { Conversation } from '../../../../shared/api/social.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { Link } from '../../hooks/use-route.js';
import { conversationTitle, displayName, otherMember } from '../../lib/names.js';
import { chatPath } from '../../lib/routes.js';
import { shortAgo } from '../../lib/time.js';
import { useStore } from '../../hooks/use-store.js';
import { newest, type LatestMessages } from './latest-messages.js';

/** Conversations, most recent first, with unread counts and the last message; filtered by the search box. */
export function ConversationList(props: { conversations: Conversation[]; selfId: string; activeId: string | null; onlineIds: ReadonlySet<string>; latest: LatestMessages }) {
  const { conversations, selfId, activeId, onlineIds } = props;
  const seenHere = useStore(props.latest);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const sorted = conversations.toSorted((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
    if (!q) return sorted;
    return sorted.filter((c) =>
      [conversationTitle(c, selfId), c.lastMessage?.text ?? '', ...c.members.map((m) => `${m.username} ${m.displayName ?? ''}`)].some((s) => s.toLowerCase().includes(q)),
    );
  }, [conversations, query, selfId]);

  return (
    <div className="conversation-list">
      <div className="search">
        <Icon name="search" size={16} />
        <input type="search" placeholder="Search conversations" aria-label="Search conversations" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      {shown.length === 0 ? <p className="empty muted">{query ? 'No conversation matches.' : 'No conversations yet. Message a friend or create a group.'}</p> : null}
      <ul role="list">
        {shown.map((c) => {
          const other = c.type === 'direct' ? otherMember(c, selfId) : undefined;
          const last = newest(c.lastMessage, seenHere.get(c.id));
          const author = last ? c.members.find((m) => m.id === last.author) : undefined;
          const preview = last
            ? `${last.author === selfId ? 'You: ' : c.type === 'group' && author ? `${displayName(author)}: ` : ''}${last.deleted ? 'Message deleted' : last.text}`
            : c.type === 'group'
              ? `${c.members.length} members`
              : c.closed
                ? 'Closed'
                : 'Say hello';
          return (
            <li key={c.id}>
              <Link to={chatPath(c.id)} className={`conversation-item${c.id === activeId ? ' active' : ''}`} data-testid="conversation-item" aria-current={c.id === activeId ? 'page' : undefined}>
                <Avatar id={other?.id ?? c.id} name={conversationTitle(c, selfId)} avatarId={c.type === 'group' ? c.avatarId : other?.avatarId} online={other ? onlineIds.has(other.id) : undefined} />
                <span className="conversation-text">
                  <span className="conversation-title">
                    <span className="name">{conversationTitle(c, selfId)}</span>
                    <time className="muted">{shortAgo(Date.parse(last?.createdAt ?? c.lastActivityAt))}</time>
                  </span>
                  <span className="conversation-preview">
                    <span className="preview muted">{preview}</span>
                    {c.unreadCount > 0 ? <span className="badge" aria-label={`${c.unreadCount} unread`}>{c.unreadCount}</span> : null}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
