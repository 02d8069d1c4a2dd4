import type { WebsocketProvider } from 'y-websocket';
import { INBOX_SIGNAL_KEYS, inboxSignalOf, type InboxSignalKey } from '../../../shared/doc/inbox.js';
import { Store } from '../lib/store.js';

/** How many times each list was signalled as changed: a screen refetches when its count moves. */
export type SignalCounts = Readonly<Record<InboxSignalKey, number>>;

/** Signals of one open inbox; `destroy()` removes every listener it added. */
export interface InboxSignals {
  readonly counts: Store<SignalCounts>;
  destroy(): void;
}

/** No signal yet under any key. */
export const ZERO: SignalCounts = { conversations: 0, friends: 0, requests: 0, blocks: 0 };

/**
 * Follows the server's "your list changed" signals in the inbox's awareness (shared/doc/inbox.ts):
 * a new value under a key bumps its count. Every sync bumps every count, the first one included:
 * signals are never stored, so whatever changed while the socket was down or not yet open (the
 * screens load their lists as they open, often before the inbox has synced) was signalled to nobody.
 * The values a sync finds are only noted.
 */
export function watchInboxSignals(provider: WebsocketProvider): InboxSignals {
  const counts = new Store<SignalCounts>(ZERO);
  // Last value seen per key, kept across the server's entry timing out or the socket dropping.
  const seen = new Map<InboxSignalKey, number>();
  const bump = (keys: readonly InboxSignalKey[]) => counts.set((c) => ({ ...c, ...Object.fromEntries(keys.map((k) => [k, c[k] + 1])) }));

  let syncedBefore = false;
  const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
    const changed = new Set<InboxSignalKey>();
    for (const clientId of [...added, ...updated]) {
      const signal = clientId === provider.awareness.clientID ? null : inboxSignalOf(provider.awareness.getStates().get(clientId));
      for (const key of INBOX_SIGNAL_KEYS) {
        const value = signal?.[key];
        if (value === undefined || seen.get(key) === value) continue;
        seen.set(key, value);
        if (syncedBefore) changed.add(key);
      }
    }
    if (changed.size > 0) bump([...changed]);
  };
  const onSync = (synced: boolean) => {
    if (!synced) return;
    syncedBefore = true;
    bump(INBOX_SIGNAL_KEYS);
  };
  provider.awareness.on('change', onChange);
  provider.on('sync', onSync);
  // The app opens the inbox before its screens watch it: when it is already synced, no 'sync' event
  // is left to come, and the screens' loads follow that sync (what it holds is noted, not counted).
  if (provider.synced) {
    onChange({ added: [...provider.awareness.getStates().keys()], updated: [] });
    syncedBefore = true;
  }
  return {
    counts,
    destroy: () => {
      provider.awareness.off('change', onChange);
      provider.off('sync', onSync);
    },
  };
}
