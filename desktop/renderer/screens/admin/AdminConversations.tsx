import type { AdminApi } from '../../api/admin.js';
import { useResource } from '../../hooks/use-resource.js';
import { Link } from '../../hooks/use-route.js';
import { adminConversationPath } from '../../lib/routes.js';
import { formatBytes } from '../../lib/files.js';
import { dateTime } from './format.js';
import { Pager } from './Pager.js';
import { SearchForm, usePagedSearch } from './SearchForm.js';
import { AUDITED } from './use-admin.js';

/** Every conversation with what the server stores for it; opening one is audited and shown to its members. */
export function AdminConversations({ api }: { api: AdminApi }) {
  const { q, page, setPage, search } = usePagedSearch();
  const list = useResource(() => api.conversations(q, page), [api, q, page], AUDITED);
  return (
    <section className="card">
      <SearchForm label="Find conversations" placeholder="Group name or member username" onSearch={search} />
      {list.error ? <p className="form-error">{list.error}</p> : null}
      <table className="admin-table" data-testid="admin-conversations">
        <thead>
          <tr>
            <th>Conversation</th>
            <th>Members</th>
            <th>Messages</th>
            <th>Stored</th>
            <th>Updates since compaction</th>
            <th>Last activity</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.items ?? []).map((c) => (
            <tr key={c.id} data-testid="admin-conversation">
              <td>
                <Link to={adminConversationPath(c.id)}>{c.title}</Link>
                <div className="muted">
                  {c.kind}
                  {c.archivedAt ? ' · archived' : c.closedAt ? ' · closed' : ''}
                </div>
              </td>
              <td>{c.memberCount}</td>
              <td>{c.messageCount}</td>
              <td>{formatBytes(c.storage.documentBytes)}</td>
              <td>{c.storage.updatesSinceCompaction}</td>
              <td>{dateTime(c.lastActivityAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data ? <Pager page={page} pages={list.data.pages} total={list.data.total} onPage={setPage} /> : null}
    </section>
  );
}
