import type { AdminConversationDetail, AdminMessage } from '../../../../shared/api/admin.js';
import { dateTime } from './format.js';

function Message({ m, byId }: { m: AdminMessage; byId: Map<string, AdminMessage> }) {
  if (m.system) {
    return (
      <li className="admin-message system" data-testid="admin-message" data-system={m.system.type}>
        <time>{dateTime(m.createdAt)}</time> <span>{m.text}</span>
      </li>
    );
  }
  const repliedTo = m.replyTo ? byId.get(m.replyTo) : undefined;
  return (
    <li className={`admin-message${m.deleted ? ' deleted' : ''}`} data-testid="admin-message">
      <div className="admin-message-head">
        <strong>{m.authorUsername ?? m.author}</strong> <time>{dateTime(m.createdAt)}</time>
        {m.deleted ? <span className="admin-tag">deleted</span> : m.editedAt ? <span className="admin-tag">edited</span> : null}
      </div>
      {repliedTo ? <div className="muted">↪ reply to {repliedTo.authorUsername ?? repliedTo.author}: {repliedTo.text ?? 'deleted message'}</div> : null}
      <div data-testid="admin-message-text">{m.deleted ? 'Message deleted' : m.text}</div>
      {m.originalText !== undefined ? (
        <div className="muted admin-original">
          Stored text{m.editedAt ? ` (changed ${dateTime(m.editedAt)})` : ''}: {m.originalText}
        </div>
      ) : null}
      {(m.attachments ?? []).map((a) => (
        <div key={a.id} className="muted">
          📎 {a.name} {a.mimeType ? `(${a.mimeType})` : ''}
        </div>
      ))}
    </li>
  );
}

/** The decoded document: messages (edits applied, deletions marked, stored text shown), receipts, problems. */
export function AdminMessageList({ detail }: { detail: AdminConversationDetail }) {
  const byId = new Map(detail.messages.map((m) => [m.id, m]));
  const name = (id: string | null) => (id ? (byId.get(id)?.text ?? id) : '—');
  return (
    <>
      {detail.problems.length > 0 || detail.unreadable > 0 ? (
        <section className="card admin-problems" role="alert">
          <h2>Problems</h2>
          <ul>
            {detail.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
            {detail.unreadable > 0 ? <li>{detail.unreadable} stored message(s) do not match the schema</li> : null}
          </ul>
        </section>
      ) : null}
      <section className="card">
        <h2>Messages · {detail.messages.length}</h2>
        <ol className="admin-messages" data-testid="admin-messages">
          {detail.messages.length === 0 ? <li className="muted">No messages stored.</li> : null}
          {detail.messages.map((m) => (
            <Message key={m.id} m={m} byId={byId} />
          ))}
        </ol>
      </section>
      <section className="card">
        <h2>Receipts · {detail.receipts.length}</h2>
        <table className="admin-table">
          <thead>
            <tr>
              <th>Who (key)</th>
              <th>Read up to</th>
              <th>Delivered up to</th>
            </tr>
          </thead>
          <tbody>
            {detail.receipts.map((r) => (
              <tr key={r.key}>
                <td>
                  {r.username ?? r.userId ?? '?'} <span className="muted">({r.key})</span>
                </td>
                <td>
                  {name(r.readMessageId)} <span className="muted">{r.readAt ? dateTime(r.readAt) : ''}</span>
                </td>
                <td>
                  {name(r.deliveredMessageId)} <span className="muted">{r.deliveredAt ? dateTime(r.deliveredAt) : ''}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
