import { useLayoutEffect, useRef, useState } from 'react';
import type { Member } from '../../../../shared/api/social.js';
import type { MessageView } from '../../../../shared/doc/index.js';
import { dayLabel, differentDay } from '../../lib/time.js';
import { MessageItem } from './MessageItem.js';

/** Messages the server writes about the conversation itself (member added, group renamed, ...). */
function isSystem(m: MessageView): boolean {
  return m.author === 'system' || (m as { system?: unknown }).system !== undefined;
}

/** Only the newest messages are rendered at first; older ones come a page at a time. */
const PAGE = 200;

export interface MessageListProps {
  messages: MessageView[];
  selfId: string;
  members: Member[];
  pending: ReadonlySet<string>;
  /** For own messages: true when someone else has read that far. */
  isRead(index: number): boolean;
  onReply(m: MessageView): void;
  onEdit(m: MessageView): void;
  onDelete(m: MessageView): void;
}

/** The messages with day separators, kept scrolled to the newest unless the reader scrolled up. */
export function MessageList(props: MessageListProps) {
  const { messages, selfId, members } = props;
  const [limit, setLimit] = useState(PAGE);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const start = Math.max(0, messages.length - limit);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages]);

  return (
    <div
      className="messages"
      ref={scroller}
      data-testid="messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {start > 0 ? (
        <button className="load-earlier" onClick={() => setLimit((l) => l + PAGE)}>
          Show earlier messages ({start})
        </button>
      ) : null}
      {messages.length === 0 ? <p className="empty muted">No messages yet. Say hello!</p> : null}
      {messages.slice(start).map((m, i) => {
        const index = start + i;
        const previous = messages[index - 1];
        const newDay = !previous || differentDay(previous.createdAt, m.createdAt);
        const grouped = !newDay && previous?.author === m.author && m.createdAt - previous.createdAt < 5 * 60_000;
        return (
          <div key={m.id}>
            {newDay ? (
              <div className="day-separator" role="separator">
                <span>{dayLabel(m.createdAt)}</span>
              </div>
            ) : null}
            {isSystem(m) ? (
              <p className="system-message" data-testid="system-message">
                {m.text}
              </p>
            ) : (
              <MessageItem
                message={m}
                own={m.author === selfId}
                author={members.find((x) => x.id === m.author)}
                repliedTo={m.replyTo ? byId.get(m.replyTo) : undefined}
                grouped={grouped}
                pending={props.pending.has(m.id)}
                read={m.author === selfId && props.isRead(index)}
                members={members}
                onReply={props.onReply}
                onEdit={props.onEdit}
                onDelete={props.onDelete}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
