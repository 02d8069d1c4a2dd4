import { useEffect, useRef, useState } from 'react';
import type { InboxSignalKey } from '../../../shared/doc/inbox.js';
import { Store } from '../lib/store.js';
import type { ConversationSync } from '../sync/conversation-sync.js';
import { watchInboxSignals, ZERO, type SignalCounts } from '../sync/inbox-signals.js';
import { useStore } from './use-store.js';

const NONE = new Store<SignalCounts>(ZERO);

/** The signal counts of the account's open inbox (all zero until it is open). */
export function useInboxSignals(inbox: ConversationSync | null): Store<SignalCounts> {
  const [counts, setCounts] = useState<Store<SignalCounts>>(NONE);
  useEffect(() => {
    if (!inbox) return;
    const signals = watchInboxSignals(inbox.provider);
    setCounts(signals.counts);
    return () => {
      signals.destroy();
      setCounts(NONE);
    };
  }, [inbox]);
  return counts;
}

/** How long signals settle before a refetch: a burst (a busy group) costs one request. */
const SETTLE_MS = 100;

/**
 * Calls `refresh` SETTLE_MS after the server signals that `key`'s list changed; signals arriving
 * meanwhile ride along (a throttle, not a debounce: a steady stream still refreshes).
 */
export function useOnInboxSignal(counts: Store<SignalCounts>, key: InboxSignalKey, refresh: () => unknown): void {
  const count = useStore(counts)[key];
  const latest = useRef(refresh);
  latest.current = refresh;
  const known = useRef(count);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (count === known.current) return;
    known.current = count;
    timer.current ??= setTimeout(() => {
      timer.current = null;
      latest.current();
    }, SETTLE_MS);
  }, [count]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
}
