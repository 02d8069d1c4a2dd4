import { Icon } from '../../components/Icon.js';
import { formatBytes } from '../../lib/files.js';
import { percent, type Upload } from './uploads.js';
import type { Uploads } from './use-uploads.js';

function Status({ upload: u }: { upload: Upload }) {
  if (u.status === 'uploading') {
    const pct = percent(u.sent, u.total);
    return (
      <span className="upload-progress">
        <progress max={100} value={pct} aria-label={`Uploading ${u.name}`} />
        <span data-testid="upload-percent">{pct}%</span>
      </span>
    );
  }
  if (u.status === 'failed') {
    return (
      <span className="upload-error" role="alert">
        {u.error}
      </span>
    );
  }
  return <span className="muted">{formatBytes(u.size)} · ready</span>;
}

/** The files attached to the message being written: progress, then ready; cancel, remove or retry each. */
export function UploadStrip({ uploads }: { uploads: Uploads }) {
  if (uploads.items.length === 0) return null;
  return (
    <ul className="upload-strip" aria-label="Attachments to send" data-testid="upload-strip">
      {uploads.items.map((u) => (
        <li key={u.key} className={`upload upload-${u.status}`} data-testid="upload" data-status={u.status}>
          <Icon name="file" size={18} />
          <span className="upload-text">
            <span className="upload-name" title={u.name}>
              {u.name}
            </span>
            <Status upload={u} />
          </span>
          {u.status === 'failed' && u.retryable ? (
            <button type="button" className="link" onClick={() => uploads.retry(u.key)}>
              Retry
            </button>
          ) : null}
          <button type="button" className="icon-button small" onClick={() => uploads.remove(u.key)}
            aria-label={u.status === 'uploading' ? `Cancel upload of ${u.name}` : `Remove ${u.name}`} title={u.status === 'uploading' ? 'Cancel upload' : 'Remove'}>
            <Icon name="close" size={14} />
          </button>
        </li>
      ))}
    </ul>
  );
}
