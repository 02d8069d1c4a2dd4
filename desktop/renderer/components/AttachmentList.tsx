import type { AttachmentRecord, MessageView } from '../../../shared/doc/index.js';
import { useObjectUrl } from '../hooks/use-object-url.js';
import { useAttempt } from '../hooks/use-submit.js';
import { formatBytes, isPreviewable, saveBlob } from '../lib/files.js';
import { previewBox } from '../lib/image-box.js';
import { Icon } from './Icon.js';
import { useMedia, type Media } from './media.js';

/** Saves the whole file under its name, fetched with the account's token. */
async function saveFile(media: Media, a: AttachmentRecord): Promise<void> {
  saveBlob(await media.attachments.download(a.id), a.name);
}

function DownloadButton({ media, attachment: a }: { media: Media; attachment: AttachmentRecord }) {
  const { busy, run } = useAttempt('toast');
  const download = () => run(() => saveFile(media, a), `Could not download ${a.name}`);
  return (
    <button type="button" className="icon-button small" onClick={download} disabled={busy} aria-label={`Download ${a.name}`} title={`Download ${a.name}`}>
      <Icon name="download" size={16} />
    </button>
  );
}

function Preview({ media, attachment: a }: { media: Media; attachment: AttachmentRecord }) {
  const box = previewBox(a);
  // A record with the image's size was decoded by the server, which then has a thumbnail; older
  // records do not say, so those ask for one and fall back to the whole file.
  const url = useObjectUrl(media.images, `preview:${a.id}`, () => (box ? media.attachments.thumbnail(a.id) : media.attachments.preview(a.id)));
  const sized = box ? ' sized' : '';
  return url ? (
    <img className={`attachment-preview${sized}`} src={url} alt={a.name} {...box} data-testid="attachment-preview" draggable={false} />
  ) : (
    <span
      className={`attachment-preview placeholder${sized}`}
      style={box ? { width: box.width, aspectRatio: `${box.width} / ${box.height}` } : undefined}
      aria-label={`Loading preview of ${a.name}`}
      data-testid="attachment-placeholder"
    />
  );
}

/** The files of a message: a preview for images, a card for other files, and a download button for each. */
export function AttachmentList({ message }: { message: Pick<MessageView, 'attachments' | 'deleted'> }) {
  const media = useMedia();
  if (!media || message.deleted || !message.attachments?.length) return null;
  return (
    <ul className="attachments" aria-label="Attachments" data-testid="attachments">
      {message.attachments.map((a) => (
        <li key={a.id} className="attachment" data-testid="attachment">
          {isPreviewable(a.mimeType) ? <Preview media={media} attachment={a} /> : <Icon name="file" size={22} />}
          <span className="attachment-text">
            <span className="attachment-name" title={a.name}>
              {a.name}
            </span>
            {a.size !== undefined ? <span className="attachment-size">{formatBytes(a.size)}</span> : null}
          </span>
          <DownloadButton media={media} attachment={a} />
        </li>
      ))}
    </ul>
  );
}
