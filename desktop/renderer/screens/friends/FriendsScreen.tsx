import { useState, type FormEvent, type ReactNode } from 'react';
import type { PublicUser } from '../../../../shared/api/accounts.js';
import type { Friend } from '../../../../shared/api/social.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { useOnInboxSignal } from '../../hooks/use-inbox-signals.js';
import { navigate } from '../../hooks/use-route.js';
import { useResource } from '../../hooks/use-resource.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { displayName } from '../../lib/names.js';
import { chatPath } from '../../lib/routes.js';
import type { Store } from '../../lib/store.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import type { SignalCounts } from '../../sync/inbox-signals.js';

function Person({ user, online, children }: { user: PublicUser; online?: boolean; children?: ReactNode }) {
  return (
    <li className="person" data-testid="person" data-username={user.username}>
      <Avatar id={user.id} name={displayName(user)} avatarId={user.avatarId} online={online} />
      <span className="person-name">
        <strong>{displayName(user)}</strong>
        <span className="muted">@{user.username}</span>
      </span>
      <span className="person-actions">{children}</span>
    </li>
  );
}

/**
 * Find people, answer requests, and manage friends and blocks. The lists load when the screen
 * opens, when the window comes back to the front or the network returns, and each when the inbox
 * signals that it changed (live, no polling): `friends` for a friend or their presence, `requests`
 * and `blocks` (a block made on another device) for those lists alone.
 */
export function FriendsScreen({ account, signals }: { account: Account; signals: Store<SignalCounts> }) {
  const { social } = account;
  const cache = (key: string) => ({ userId: account.userId, key });
  const friends = useResource<Friend[]>(() => social.friends(), [account], { cache: cache('friends') });
  const requests = useResource(() => social.friendRequests(), [account], { cache: cache('requests') });
  const blocks = useResource(() => social.blocks(), [account], { cache: cache('blocks') });
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PublicUser[] | null>(null);

  const refresh = () => Promise.all([friends.reload(), requests.reload(), blocks.reload()]);
  useOnInboxSignal(signals, 'friends', friends.reload);
  useOnInboxSignal(signals, 'requests', requests.reload);
  useOnInboxSignal(signals, 'blocks', blocks.reload);
  const { run } = useAttempt('toast');
  const act = (what: () => Promise<unknown>, done?: string) =>
    run(async () => {
      await what();
      await refresh();
      if (done) toast(done);
    });

  const search = (e: FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return;
    void run(async () => setResults((await account.accounts.searchUsers(query.trim())).items.filter((u) => u.id !== account.userId)));
  };

  const message = (username: string) => run(async () => navigate(chatPath((await social.openDirect(username)).id)));

  const friendIds = new Set((friends.data ?? []).map((f) => f.user.id));
  const outgoingIds = new Set((requests.data?.outgoing ?? []).map((r) => r.user.id));
  const incoming = requests.data?.incoming ?? [];
  const outgoing = requests.data?.outgoing ?? [];

  return (
    <div className="page">
      <h1>Friends</h1>
      <section className="card">
        <h2>Add a friend</h2>
        <form onSubmit={search} className="row">
          <input type="search" aria-label="Find people" placeholder="Search by username or name" value={query} onChange={(e) => setQuery(e.target.value)} />
          <button className="primary">
            <Icon name="search" size={16} /> Search
          </button>
        </form>
        {results ? (
          <ul className="people" role="list" data-testid="search-results">
            {results.length === 0 ? <li className="muted">Nobody found.</li> : null}
            {results.map((u) => (
              <Person key={u.id} user={u}>
                {friendIds.has(u.id) ? (
                  <span className="muted">Friend</span>
                ) : outgoingIds.has(u.id) ? (
                  <span className="muted">Requested</span>
                ) : (
                  <button onClick={() => act(() => social.sendFriendRequest(u.username), `Request sent to ${displayName(u)}`)}>Add friend</button>
                )}
                <button className="danger" onClick={() => confirm(`Block ${displayName(u)}?`) && act(() => social.block(u.id), 'Blocked')}>
                  Block
                </button>
              </Person>
            ))}
          </ul>
        ) : null}
      </section>

      {incoming.length > 0 ? (
        <section className="card">
          <h2>Requests for you</h2>
          <ul className="people" role="list" data-testid="incoming-requests">
            {incoming.map((r) => (
              <Person key={r.id} user={r.user}>
                <button className="primary" onClick={() => act(() => social.acceptRequest(r.id), `You and ${displayName(r.user)} are friends`)}>
                  Accept
                </button>
                <button onClick={() => act(() => social.declineRequest(r.id))}>Decline</button>
              </Person>
            ))}
          </ul>
        </section>
      ) : null}

      {outgoing.length > 0 ? (
        <section className="card">
          <h2>Waiting for an answer</h2>
          <ul className="people" role="list">
            {outgoing.map((r) => (
              <Person key={r.id} user={r.user}>
                <button onClick={() => act(() => social.withdrawRequest(r.id))}>Withdraw</button>
              </Person>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card">
        <h2>Your friends</h2>
        <ul className="people" role="list" data-testid="friends">
          {(friends.data ?? []).length === 0 ? <li className="muted">No friends yet. Search for someone above.</li> : null}
          {(friends.data ?? []).map((f) => (
            <Person key={f.user.id} user={f.user} online={f.online}>
              <button className="primary" onClick={() => message(f.user.username)}>
                Message
              </button>
              <button onClick={() => confirm(`Remove ${displayName(f.user)} from your friends?`) && act(() => social.removeFriend(f.user.id))}>Remove</button>
              <button className="danger" onClick={() => confirm(`Block ${displayName(f.user)}?`) && act(() => social.block(f.user.id), 'Blocked')}>
                Block
              </button>
            </Person>
          ))}
        </ul>
      </section>

      {(blocks.data ?? []).length > 0 ? (
        <section className="card">
          <h2>Blocked</h2>
          <ul className="people" role="list">
            {(blocks.data ?? []).map((b) => (
              <Person key={b.user.id} user={b.user}>
                <button onClick={() => act(() => social.unblock(b.user.id))}>Unblock</button>
              </Person>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
