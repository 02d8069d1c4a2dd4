import { useState } from 'react';
import { useResource } from '../../hooks/use-resource.js';
import { Link } from '../../hooks/use-route.js';
import { useAttempt } from '../../hooks/use-submit.js';
import { Routes } from '../../lib/routes.js';
import { toast } from '../../lib/toast.js';
import type { Account } from '../../session/session.js';
import { AdminMessageList } from './AdminMessageList.js';
import { AdminUpdates } from './AdminUpdates.js';
import { formatBytes } from '../../lib/files.js';
import { dateTime, downloadJson } from './format.js';
import { AUDITED, useAdminApi } from './use-admin.js';

/** One conversation as the server stored it: decoded messages, update history, export and compact-now. */
export function AdminConversationScreen({ account, conversationId }: { account: Account; conversationId: string }) {
  const api = useAdminApi(account);
  const [tab, setTab] = useState<'messages' | 'updates'>('messages');
  const [version, setVersion] = useState(0);
  const detail = useResource(() => api.conversation(conversationId), [api, conversationId, version], AUDITED);
  const { busy, run } = useAttempt('toast');
  const c = detail.data?.conversation;

  const exportNow = () => run(async () => downloadJson(await api.exportConversation(conversationId), `conversation-${conversationId}.json`));
  const compactNow = () =>
    run(async () => {
      const { folded } = await api.compact(conversationId);
      toast(folded === 0 ? 'Nothing to compact' : `Folded ${folded} update(s) into the snapshot`);
      setVersion((v) => v + 1);
    });

  return (
    <div className="page admin">
      <div className="page-header">
        <Link to={Routes.admin}>← Admin</Link>
      </div>
      <h1 data-testid="admin-conversation-title">{c?.title ?? 'Conversation'}</h1>
      {detail.error ? <p className="form-error">{detail.error}</p> : null}
      {c ? (
        <section className="card admin-summary">
          <dl>
            <dt>Kind</dt>
            <dd>{c.kind}</dd>
            <dt>Members</dt>
            <dd>{c.members.map((m) => `${m.username ?? m.id} (${m.role})`).join(', ') || '—'}</dd>
            <dt>Created</dt>
            <dd>{dateTime(c.createdAt)}</dd>
            <dt>Last activity</dt>
            <dd>{dateTime(c.lastActivityAt)}</dd>
            <dt>Stored</dt>
            <dd>
              {formatBytes(c.storage.documentBytes)}: {c.storage.snapshotSeq === null ? 'no snapshot' : `snapshot up to seq ${c.storage.snapshotSeq}`},{' '}
              <span data-testid="admin-pending-updates">{c.storage.updatesSinceCompaction}</span> update(s) since compaction
            </dd>
          </dl>
          <p className="muted">Members are told when an admin reads this conversation.</p>
          <div className="row">
            <button onClick={() => void exportNow()} disabled={busy}>
              Export JSON
            </button>
            <button onClick={() => void compactNow()} disabled={busy}>
              Compact now
            </button>
          </div>
        </section>
      ) : null}
      <div className="admin-tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'messages'} onClick={() => setTab('messages')}>
          Messages
        </button>
        <button role="tab" aria-selected={tab === 'updates'} onClick={() => setTab('updates')}>
          Update history
        </button>
      </div>
      {tab === 'messages' && detail.data ? <AdminMessageList detail={detail.data} /> : null}
      {tab === 'updates' ? <AdminUpdates api={api} conversationId={conversationId} version={version} /> : null}
    </div>
  );
}
