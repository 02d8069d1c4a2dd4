import type { z } from 'zod';
import type { AdminUser } from '../../../../shared/api/admin.js';
import type { AdminApi, AdminUserAction } from '../../api/admin.js';
import { useResource } from '../../hooks/use-resource.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { toast } from '../../lib/toast.js';
import { dateTime } from './format.js';
import { Pager } from './Pager.js';
import { SearchForm, usePagedSearch } from './SearchForm.js';
import { AUDITED } from './use-admin.js';

type User = z.output<typeof AdminUser>;

const ACTIONS: Array<{ action: AdminUserAction; label: string; confirm: string; when(u: User): boolean }> = [
  { action: 'deactivate', label: 'Deactivate', confirm: 'Deactivate {name}? Their sessions end at once.', when: (u) => u.deactivatedAt === null },
  { action: 'reactivate', label: 'Reactivate', confirm: 'Reactivate {name}?', when: (u) => u.deactivatedAt !== null },
  { action: 'mfa/reset', label: 'Reset MFA', confirm: 'Turn off two-factor authentication for {name}?', when: (u) => u.mfaEnabled },
  { action: 'sessions/revoke', label: 'End sessions', confirm: 'End every session of {name}?', when: (u) => u.liveSessions > 0 },
];

/** Find users and deactivate/reactivate them, reset their MFA or end their sessions. */
export function AdminUsers({ api, selfId }: { api: AdminApi; selfId: string }) {
  const { q, page, setPage, search } = usePagedSearch();
  const users = useResource(() => api.users(q, page), [api, q, page], AUDITED);
  const { run } = useAttempt('toast');
  const act = (user: User, a: (typeof ACTIONS)[number]) => {
    if (!confirm(a.confirm.replace('{name}', user.username))) return;
    void run(async () => {
      await api.userAction(user.id, a.action);
      toast(`${a.label}: ${user.username}`);
      await users.reload();
    });
  };

  return (
    <section className="card">
      <SearchForm label="Find users" placeholder="Username, email or name" onSearch={search} />
      {users.error ? <p className="form-error">{users.error}</p> : null}
      <table className="admin-table" data-testid="admin-users">
        <thead>
          <tr>
            <th>User</th>
            <th>Status</th>
            <th>Sessions</th>
            <th>Joined</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users.data?.items ?? []).map((u) => (
            <tr key={u.id} data-username={u.username}>
              <td>
                <strong>{u.username}</strong>
                {u.isAdmin ? <span className="admin-tag">admin</span> : null}
                <div className="muted">{u.email}</div>
              </td>
              <td>
                {u.deactivatedAt ? 'deactivated' : u.emailVerified ? 'active' : 'unverified'}
                {u.mfaEnabled ? <div className="muted">MFA on</div> : null}
              </td>
              <td>{u.liveSessions}</td>
              <td>{dateTime(u.createdAt)}</td>
              <td className="admin-actions">
                {u.id === selfId
                  ? null
                  : ACTIONS.filter((a) => a.when(u)).map((a) => (
                      <button key={a.action} className={a.action === 'deactivate' ? 'link danger' : 'link'} onClick={() => act(u, a)}>
                        {a.label}
                      </button>
                    ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.data ? <Pager page={page} pages={users.data.pages} total={users.data.total} onPage={setPage} /> : null}
    </section>
  );
}
