import type { z } from 'zod';
import type { SessionItem } from '../../../../shared/api/accounts.js';
import type { Resource } from '../../hooks/use-resource.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { shortAgo } from '../../lib/time.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import { deviceName } from './device-name.js';

export type SessionInfo = z.infer<typeof SessionItem>;

function lastActive(iso: string): string {
  const ago = shortAgo(Date.parse(iso));
  return ago === 'now' ? 'Active now' : `Last active ${ago}`;
}

/** Where you are signed in: this device first; sign out any other one, or all of them at once. */
export function SessionsSection({ account, sessions }: { account: Account; sessions: Resource<SessionInfo[]> }) {
  const list = (sessions.data ?? []).toSorted((a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastUsedAt) - Date.parse(a.lastUsedAt));
  const others = list.filter((s) => !s.current);

  const { run } = useAttempt('toast');
  const revoke = async (ids: string[], done: string) => {
    await run(async () => {
      await Promise.all(ids.map((id) => account.accounts.revokeSession(id)));
      toast(done);
    });
    // Some may have ended even when one failed: show what the server has now.
    await sessions.reload();
  };

  return (
    <section className="card" data-testid="sessions">
      <div className="row spread">
        <h2>Where you are signed in</h2>
        {others.length > 0 ? (
          <button className="danger" onClick={() => confirm('Sign out on every other device?') && void revoke(others.map((s) => s.id), 'Signed out everywhere else')}>
            Sign out everywhere else
          </button>
        ) : null}
      </div>
      {sessions.error ? <p className="form-error">{sessions.error}</p> : null}
      <ul className="sessions" role="list">
        {list.map((s) => (
          <li key={s.id} className="session" data-testid="session" data-current={s.current || undefined}>
            <span className="session-text">
              <strong>{deviceName(s.userAgent)}</strong>
              <span className="muted">
                {s.current ? 'This device' : lastActive(s.lastUsedAt)}
                {s.ip ? ` · ${s.ip}` : ''} · since {new Date(s.createdAt).toLocaleDateString()}
              </span>
            </span>
            {s.current ? null : (
              <button onClick={() => void revoke([s.id], `Signed out ${deviceName(s.userAgent)}`)} aria-label={`Sign out ${deviceName(s.userAgent)}${s.ip ? ` (${s.ip})` : ''}`}>
                Sign out
              </button>
            )}
          </li>
        ))}
      </ul>
      {sessions.data && others.length === 0 ? <p className="muted">No other device is signed in.</p> : null}
    </section>
  );
}
