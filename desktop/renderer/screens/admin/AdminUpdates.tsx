import { useState } from 'react';
import { useResource } from '../../hooks/use-resource.js';
import type { AdminApi } from '../../api/admin.js';
import { formatBytes } from '../../lib/files.js';
import { dateTime } from './format.js';
import { Pager } from './Pager.js';
import { AUDITED } from './use-admin.js';

/** The updates stored for a conversation since its last compaction, newest first, and the snapshot before them. */
export function AdminUpdates({ api, conversationId, version }: { api: AdminApi; conversationId: string; version: number }) {
  const [page, setPage] = useState(1);
  const updates = useResource(() => api.updates(conversationId, page), [api, conversationId, page, version], AUDITED);
  const data = updates.data;
  return (
    <section className="card" data-testid="admin-updates">
      <h2>Update history</h2>
      {updates.error ? <p className="form-error">{updates.error}</p> : null}
      {data ? (
        <p className="muted">
          {data.snapshot
            ? `Snapshot up to seq ${data.snapshot.seq} (${formatBytes(data.snapshot.bytes)}, ${dateTime(data.snapshot.updatedAt)}), then ${data.total} update(s).`
            : `No snapshot yet: ${data.total} stored update(s).`}
        </p>
      ) : null}
      <table className="admin-table">
        <thead>
          <tr>
            <th>Seq</th>
            <th>Stored at</th>
            <th>Writer</th>
            <th>Size</th>
          </tr>
        </thead>
        <tbody>
          {(data?.items ?? []).map((u) => (
            <tr key={u.seq}>
              <td>{u.seq}</td>
              <td>{dateTime(u.createdAt)}</td>
              <td>{u.writerUserId === null ? <span className="muted">server</span> : (u.writerUsername ?? u.writerUserId)}</td>
              <td>{formatBytes(u.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data ? <Pager page={page} pages={data.pages} total={data.total} onPage={setPage} /> : null}
    </section>
  );
}
