import { useEffect, useMemo, useState } from 'react';
import { conversationRoots, receiptPositions, type ReceiptPosition } from '../../../shared/doc/index.js';
import { perFrame } from '../lib/per-frame.js';
import { Timeline } from '../screens/chats/timeline.js';
import type { ConversationSync } from '../sync/conversation-sync.js';

export interface TimelineState {
  timeline: Timeline | null;
  /** Changes whenever the timeline did (batched per frame). */
  version: number;
  /** True once the local copy (IndexedDB) is in. */
  loaded: boolean;
}

/** The open doc's messages, kept up to date incrementally (see Timeline). */
export function useTimeline(sync: ConversationSync | null): TimelineState {
  const [state, setState] = useState<TimelineState>({ timeline: null, version: 0, loaded: false });
  useEffect(() => {
    if (!sync) return;
    const timeline = new Timeline(sync.doc);
    let loaded = false;
    const publish = perFrame(() => setState({ timeline, version: timeline.version, loaded }));
    const off = timeline.subscribe(publish.ask);
    void sync.loaded.then(() => {
      loaded = true;
      publish.ask();
    });
    setState({ timeline, version: timeline.version, loaded });
    return () => {
      off();
      publish.cancel();
      timeline.destroy();
      setState({ timeline: null, version: 0, loaded: false });
    };
  }, [sync]);
  return state;
}

/** Changes whenever the doc's receipts do (batched per frame). */
function useReceiptsVersion(sync: ConversationSync | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!sync) return;
    const { receipts } = conversationRoots(sync.doc);
    const bump = perFrame(() => setVersion((v) => v + 1));
    receipts.observe(bump.ask);
    return () => {
      receipts.unobserve(bump.ask);
      bump.cancel();
    };
  }, [sync]);
  return version;
}

/** Every user's read and delivered doc positions, without scanning the messages. */
export function useReceiptPositions(sync: ConversationSync | null, { timeline, version }: TimelineState): Map<string, ReceiptPosition> {
  const receiptsVersion = useReceiptsVersion(sync);
  return useMemo(
    () => (sync && timeline ? receiptPositions(sync.doc, timeline.docIndexOf) : new Map<string, ReceiptPosition>()),
    // the positions are read again when receipts change or messages arrive (ids become known)
    [sync, timeline, version, receiptsVersion],
  );
}
