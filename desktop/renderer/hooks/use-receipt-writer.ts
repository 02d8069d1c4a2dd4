import { useCallback, useEffect, useRef } from 'react';
import { markDelivered, markRead } from '../../../shared/doc/index.js';
import { appInFront } from '../lib/app-in-front.js';
import type { Timeline } from '../screens/chats/timeline.js';
import { deviceId } from '../session/local-data.js';
import type { ConversationSync } from '../sync/conversation-sync.js';

/**
 * Writes this device's receipts into the open doc: delivered up to the newest message once the
 * local copy has it, read up to the newest message the reader had on screen while the window was
 * in front. Returns the callback the list calls with the newest view index on screen.
 *
 * `canWrite` is false while a socket is open but not yet in sync: a stock y-websocket client sends
 * a change made then at once, ahead of the history it answers the server's step 1 with, and the
 * server refuses updates that do not continue where the room is. Before the socket opens changes
 * wait for that answer; once synced they follow it.
 */
export function useReceiptWriter(
  sync: ConversationSync | null,
  timeline: Timeline | null,
  { version, loaded, canWrite, selfId }: { version: number; loaded: boolean; canWrite: boolean; selfId: string },
): (index: number) => void {
  const seen = useRef(-1);

  const writeRead = useCallback(() => {
    const m = timeline?.at(seen.current);
    if (!sync || !timeline || !m || !canWrite || !appInFront()) return;
    try {
      markRead(sync.doc, { userId: selfId, messageId: m.id, device: deviceId(), indexOf: timeline.docIndexOf });
    } catch {
      // not anchored in the doc any more: the next change retries
    }
  }, [sync, timeline, canWrite, selfId]);

  // Delivered: everything the local copy holds (a read message counts as delivered, so this writes
  // only while the reader is away).
  useEffect(() => {
    const last = timeline?.at(-1);
    if (!sync || !timeline || !last || !loaded || !canWrite) return;
    try {
      markDelivered(sync.doc, { userId: selfId, messageId: last.id, device: deviceId(), indexOf: timeline.docIndexOf });
    } catch {
      // as above
    }
  }, [sync, timeline, version, loaded, canWrite, selfId]);

  // Coming back to the window (or being allowed to write again) reads what is on screen.
  useEffect(() => {
    writeRead();
    addEventListener('focus', writeRead);
    document.addEventListener('visibilitychange', writeRead);
    return () => {
      removeEventListener('focus', writeRead);
      document.removeEventListener('visibilitychange', writeRead);
    };
  }, [writeRead]);

  return useCallback(
    (index: number) => {
      seen.current = index;
      writeRead();
    },
    [writeRead],
  );
}
