import type { MessageRecord } from '../../../../shared/doc/index.js';
import type { Timeline } from './timeline.js';

/** Where the "N new messages" divider goes: the view index of the first unread message, and how many. */
export interface UnreadMarker {
  index: number;
  count: number;
}

/** "1 new message", "12 new messages". */
export function unreadLabel(count: number): string {
  return `${count} new message${count === 1 ? '' : 's'}`;
}

/** Messages that count as unread for `selfId`: someone else's, not system notices. */
export function countsAsUnread(m: MessageRecord, selfId: string): boolean {
  return m.author !== selfId && m.system === undefined;
}

/**
 * The unread divider for a reader whose read position was doc index `readIndex` (-1: nothing read)
 * when the conversation opened, or null when nothing after it is unread.
 */
export function unreadMarker(timeline: Timeline, readIndex: number, selfId: string): UnreadMarker | null {
  const test = (m: MessageRecord) => countsAsUnread(m, selfId);
  const index = timeline.findAfter(readIndex, test);
  return index < 0 ? null : { index, count: timeline.countAfter(readIndex, test) };
}
