import { useEffect, useState } from 'react';
import { perFrame } from '../lib/per-frame.js';
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
    const bump = perFrame(() => setVersion((v) => v + 1));
    sync.doc.on('update', bump.ask);
    void sync.loaded.then(bump.ask);
    return () => {
      sync.doc.off('update', bump.ask);
      bump.cancel();
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
