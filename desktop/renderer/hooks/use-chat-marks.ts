import { useCallback, useMemo, useRef } from 'react';
import type { Member } from '../../../shared/api/social.js';
import { readPosition, type MessageView } from '../../../shared/doc/index.js';
import { nameAmong } from '../lib/names.js';
import { deliveryLabel, deliveryOf, type DeliveryState } from '../screens/chats/delivery.js';
import { unreadMarker, type UnreadMarker } from '../screens/chats/unread.js';
import { deviceId } from '../session/local-data.js';
import type { ConversationSync } from '../sync/conversation-sync.js';
import { useReceiptPositions, type TimelineState } from './use-timeline.js';

export interface ChatMarks {
  /** The "N new messages" divider, fixed where the reader stood when the chat opened. */
  unread: UnreadMarker | null;
  /** The mark of an own message. */
  delivery(m: MessageView): { state: DeliveryState; title: string };
}

/** Unread divider and delivery marks of the open conversation, from the doc's receipts. */
export function useChatMarks(sync: ConversationSync | null, tl: TimelineState, selfId: string, members: Member[], pending: ReadonlySet<string>): ChatMarks {
  const { timeline, version, loaded } = tl;
  const positions = useReceiptPositions(sync, tl);

  // Where this device had read to when the chat opened: taken once, before this view marks anything
  // read, and kept if the doc is opened again (a new session object) while the chat stays on screen.
  const openedAt = useRef<{ messageId: string | null } | null>(null);
  if (!openedAt.current && sync && timeline && (loaded || timeline.length > 0)) {
    openedAt.current = { messageId: readPosition(sync.doc, selfId, { indexOf: timeline.docIndexOf })?.messageId ?? null };
  }
  const openedId = openedAt.current?.messageId;

  const unread = useMemo(() => {
    if (!sync || !timeline || openedId === undefined) return null;
    // The user's other devices may have read further since (their receipts arrive by sync).
    const elsewhere = readPosition(sync.doc, selfId, { indexOf: timeline.docIndexOf, exceptDevice: deviceId() })?.index ?? -1;
    const opened = openedId === null ? -1 : (timeline.docIndexOf(openedId) ?? -1);
    return unreadMarker(timeline, Math.max(opened, elsewhere), selfId);
    // `positions` changes with every receipt change, `version` with every message change
  }, [sync, timeline, openedId, selfId, version, positions]);

  const others = useMemo(() => members.filter((m) => m.id !== selfId), [members, selfId]);
  const delivery = useCallback(
    (m: MessageView) => {
      const d = deliveryOf(timeline?.docIndexOf(m.id) ?? Infinity, pending.has(m.id), positions, others.map((o) => o.id));
      return { state: d.state, title: deliveryLabel(d, (id) => nameAmong(others, id)) };
    },
    [timeline, pending, positions, others],
  );

  return { unread, delivery };
}
