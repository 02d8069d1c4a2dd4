import { memo, type ReactNode } from 'react';
import type { Member } from '../../../../shared/api/social.js';
import type { MessageView } from '../../../../shared/doc/index.js';
import { AttachmentList } from '../../components/AttachmentList.js';
import { Avatar } from '../../components/Avatar.js';
import { Icon } from '../../components/Icon.js';
import { displayName, nameAmong } from '../../lib/names.js';
import { clockTime } from '../../lib/time.js';
import type { DeliveryState } from './delivery.js';
import { mentionParts } from './mentions.js';

const MARK_ICONS = { pending: 'clock', sent: 'check', delivered: 'checks', read: 'checks' } as const;

interface Props {
  message: MessageView;
  own: boolean;
  author: Member | undefined;
  repliedTo: MessageView | undefined;
  grouped: boolean;
  pending: boolean;
  /** The mark of an own message (null on others' messages) and its words. */
  delivery: DeliveryState | null;
  deliveryTitle: string;
  members: Member[];
  onReply(m: MessageView): void;
  onEdit(m: MessageView): void;
  onDelete(m: MessageView): void;
}

/** Each `@username` of a member that counts as a mention becomes a highlighted span. */
function withMentions(text: string, members: Member[]): ReactNode[] {
  return mentionParts(text, members.map((m) => m.username)).map((part, i) =>
    part.mention ? (
      <span key={i} className="mention">
        {part.text}
      </span>
    ) : (
      part.text
    ),
  );
}

/** One message: bubble, author, time, delivery mark and the actions its reader may take. */
export const MessageItem = memo(function MessageItem({ message: m, own, author, repliedTo, grouped, pending, delivery, deliveryTitle, members, onReply, onEdit, onDelete }: Props) {
  const name = author ? displayName(author) : 'Former member';
  return (
    <div className={`message${own ? ' own' : ''}${grouped ? ' grouped' : ''}`} data-testid="message" data-pending={pending || undefined}>
      {!own ? <div className="message-avatar">{grouped ? null : <Avatar id={m.author} name={name} avatarId={author?.avatarId ?? null} size={32} />}</div> : null}
      <div className="message-body">
        {!own && !grouped ? <div className="message-author">{name}</div> : null}
        <div className={`bubble${m.deleted ? ' deleted' : ''}`}>
          {repliedTo ? (
            <div className="reply-quote">
              <strong>{nameAmong(members, repliedTo.author)}</strong>
              <span>{repliedTo.deleted ? 'Message deleted' : repliedTo.text}</span>
            </div>
          ) : null}
          <span className="message-text" data-testid="message-text">
            {m.deleted ? 'Message deleted' : withMentions(m.text, members)}
          </span>
          <AttachmentList message={m} />
          <span className="message-meta">
            {m.editedAt && !m.deleted ? <span className="edited">edited</span> : null}
            <time dateTime={new Date(m.createdAt).toISOString()}>{clockTime(m.createdAt)}</time>
            {delivery ? (
              <span className={`mark ${delivery}`} data-testid="delivery" data-state={delivery} title={deliveryTitle} aria-label={deliveryTitle}>
                <Icon name={MARK_ICONS[delivery]} size={14} title={deliveryTitle} />
              </span>
            ) : null}
          </span>
        </div>
      </div>
      {!m.deleted ? (
        <div className="message-actions">
          <button className="icon-button small" onClick={() => onReply(m)} title="Reply" aria-label="Reply">
            <Icon name="reply" size={16} />
          </button>
          {own ? (
            <>
              <button className="icon-button small" onClick={() => onEdit(m)} title="Edit" aria-label="Edit">
                <Icon name="edit" size={16} />
              </button>
              <button className="icon-button small" onClick={() => onDelete(m)} title="Delete" aria-label="Delete">
                <Icon name="trash" size={16} />
              </button>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});
