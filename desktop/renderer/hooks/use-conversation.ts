import { useEffect, useState } from 'react';
import { Store } from '../lib/store.js';
import type { Account } from '../session/session.js';
import { openConversation, type ConversationSync } from '../sync/conversation-sync.js';
import type { SyncState } from '../sync/sync-state.js';
import { useStore } from './use-store.js';

const idle = new Store<SyncState>({ kind: 'connecting' });
const noPending = new Store<ReadonlySet<string>>(new Set());

/** Opens the conversation's doc for as long as the component shows it. */
export function useConversationSync(account: Account, conversationId: string): ConversationSync | null {
  const [sync, setSync] = useState<ConversationSync | null>(null);
  useEffect(() => {
    const opened = openConversation({ serverUrl: account.serverUrl, conversationId, userId: account.userId, tokens: account.tokens });
    setSync(opened);
    return () => {
      setSync(null);
      void opened.destroy();
    };
  }, [account, conversationId]);
  return sync;
}

/** Increments on every change of `sync`'s doc (batched per animation frame) and once it is loaded. */
export function useDocVersion(sync: ConversationSync | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!sync) return;
    let frame = 0;
    const bump = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    };
    sync.doc.on('update', bump);
    void sync.loaded.then(bump);
    return () => {
      sync.doc.off('update', bump);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [sync]);
  return version;
}

/** The sync indicator state and pending message ids of the open doc. */
export function useSyncStatus(sync: ConversationSync | null): { state: SyncState; pending: ReadonlySet<string> } {
  const state = useStore(sync?.state ?? idle);
  const pending = useStore(sync?.pending.ids ?? noPending);
  return { state, pending };
}

const TYPING_FRESH_MS = 6000;

/** Ids of other users typing right now (from awareness, whose `user` the server sets). */
export function useTyping(sync: ConversationSync | null, selfId: string): string[] {
  const [typing, setTyping] = useState<string[]>([]);
  useEffect(() => {
    if (!sync) return;
    const { awareness } = sync.provider;
    const update = () => {
      const now = Date.now();
      const ids = new Set<string>();
      awareness.getStates().forEach((state, clientId) => {
        const s = state as { user?: { id?: unknown }; typing?: unknown };
        if (clientId === awareness.clientID || typeof s.user?.id !== 'string' || s.user.id === selfId) return;
        if (typeof s.typing === 'number' && now - s.typing < TYPING_FRESH_MS) ids.add(s.user.id);
      });
      setTyping([...ids]);
    };
    awareness.on('change', update);
    const timer = setInterval(update, 2000);
    return () => {
      awareness.off('change', update);
      clearInterval(timer);
    };
  }, [sync, selfId]);
  return typing;
}
