import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef } from 'react';
import type { Member } from '../../../../shared/api/social.js';
import { isSystemMessage, type MessageView } from '../../../../shared/doc/index.js';
import { dayLabel, differentDay } from '../../lib/time.js';
import type { DeliveryState } from './delivery.js';
import { MessageItem } from './MessageItem.js';
import type { Timeline } from './timeline.js';
import { unreadLabel, type UnreadMarker } from './unread.js';

export interface MessageListProps {
  timeline: Timeline;
  /** The timeline's version: a new one re-renders the rows on screen. */
  version: number;
  selfId: string;
  members: Member[];
  pending: ReadonlySet<string>;
  unread: UnreadMarker | null;
  /** The mark of an own message and its words. */
  delivery(m: MessageView): { state: DeliveryState; title: string };
  /** The newest message on screen changed (view index), for read receipts. */
  onSeen(index: number): void;
  onReply(m: MessageView): void;
  onEdit(m: MessageView): void;
  onDelete(m: MessageView): void;
}

/** A first guess of a row's height; real heights are measured once rows render. */
const ESTIMATED_ROW = 64;

/**
 * The messages, virtualized: only the rows on screen (and a few around) exist in the DOM, so a
 * 100,000-message conversation scrolls like a short one. Opens at the newest message and follows
 * new ones while the reader is at the bottom; reading older messages keeps its place when rows
 * change above. Offers a jump to the first unread message while it is above the screen.
 */
export function MessageList(props: MessageListProps) {
  const { timeline, version, selfId, members, unread, onSeen } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((i: number) => timeline.idAt(i) ?? i, [timeline]);
  const virtualizer = useVirtualizer({
    count: timeline.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW,
    getItemKey,
    overscan: 6,
    paddingStart: 12,
    paddingEnd: 8,
    // a chat: the bottom is the anchor, appends are followed while the reader is there
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 40,
  });
  const items = virtualizer.getVirtualItems();
  // The virtualizer re-renders when scrolling starts and stops, so this is current once it settles.
  const atEnd = virtualizer.isAtEnd(40);

  // The newest row actually on screen (not the overscan below it) tells how far the reader got.
  const offset = virtualizer.scrollOffset ?? 0;
  const viewport = virtualizer.scrollRect?.height ?? 0;
  const lastSeen = items.filter((item) => item.start < offset + viewport).at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastSeen >= 0) onSeen(lastSeen);
  }, [lastSeen, version, onSeen]);

  const firstShown = items.find((item) => item.end > offset)?.index ?? 0;
  const showJump = unread !== null && unread.index < firstShown;

  return (
    <div className="messages-frame">
      <div className="messages" ref={scroller} data-testid="messages">
        {timeline.length === 0 ? <p className="empty muted">No messages yet. Say hello!</p> : null}
        <div className="messages-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const m = timeline.at(item.index);
            if (!m) return null;
            const previous = item.index > 0 ? timeline.at(item.index - 1) : undefined;
            return (
              <div key={item.key} className="message-row" data-index={item.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${item.start}px)` }}>
                <Separators message={m} previous={previous} unread={unread?.index === item.index ? unread.count : 0} />
                {isSystemMessage(m) ? (
                  <p className="system-message" data-testid="system-message" data-system={m.system?.type}>
                    {m.text}
                  </p>
                ) : (
                    <MessageItem
                      message={m}
                      own={m.author === selfId}
                      author={members.find((x) => x.id === m.author)}
                      repliedTo={m.replyTo ? timeline.byId(m.replyTo) : undefined}
                      grouped={!!previous && isGrouped(previous, m) && unread?.index !== item.index}
                      pending={props.pending.has(m.id)}
                      {...ownMark(m, selfId, props.delivery)}
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
      </div>
      {showJump ? (
        <button className="jump jump-unread" data-testid="jump-unread" onClick={() => virtualizer.scrollToIndex(unread.index, { align: 'start' })}>
          ↑ {unreadLabel(unread.count)}
        </button>
      ) : !atEnd && timeline.length > 0 ? (
        <button className="jump jump-latest" aria-label="Jump to the newest message" title="Jump to the newest message" onClick={() => virtualizer.scrollToEnd()}>
          ↓
        </button>
      ) : null}
    </div>
  );
}

/** The day separator before the first message of a day, and the unread divider before the first unread one. */
function Separators({ message, previous, unread }: { message: MessageView; previous: MessageView | undefined; unread: number }) {
  return (
    <>
      {!previous || differentDay(previous.createdAt, message.createdAt) ? (
        <div className="day-separator" role="separator">
          <span>{dayLabel(message.createdAt)}</span>
        </div>
      ) : null}
      {unread > 0 ? (
        <div className="unread-divider" role="separator" data-testid="unread-divider">
          <span>{unreadLabel(unread)}</span>
        </div>
      ) : null}
    </>
  );
}

/** A message continues the previous one's bubble group: same author within five minutes, same day. */
function isGrouped(previous: MessageView, m: MessageView): boolean {
  return previous.author === m.author && m.createdAt - previous.createdAt < 5 * 60_000 && !differentDay(previous.createdAt, m.createdAt);
}

function ownMark(m: MessageView, selfId: string, delivery: MessageListProps['delivery']): { delivery: DeliveryState | null; deliveryTitle: string } {
  if (m.author !== selfId) return { delivery: null, deliveryTitle: '' };
  const d = delivery(m);
  return { delivery: d.state, deliveryTitle: d.title };
}
