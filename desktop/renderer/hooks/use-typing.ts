import { useEffect, useState } from 'react';
import type { ConversationSync } from '../sync/conversation-sync.js';
import { sameIds, TYPING_FRESH_MS, typingNow } from '../sync/typing.js';

/**
 * Ids of other users typing right now. Re-renders only when that list changes: on awareness
 * changes, and once when the soonest typing mark goes stale (no timer runs while nobody types).
 */
export function useTyping(sync: ConversationSync | null, selfId: string): string[] {
  const [typing, setTyping] = useState<string[]>([]);
  useEffect(() => {
    if (!sync) return;
    const { awareness } = sync.provider;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      const now = Date.now();
      const { ids, staleAt } = typingNow(awareness.getStates(), awareness.clientID, selfId, now);
      setTyping((previous) => (sameIds(previous, ids) ? previous : ids));
      // capped: a writer whose clock runs ahead is looked at again, not trusted for an hour
      if (staleAt !== null) timer = setTimeout(update, Math.min(staleAt - now, TYPING_FRESH_MS));
    };
    update();
    awareness.on('change', update);
    return () => {
      awareness.off('change', update);
      clearTimeout(timer);
    };
  }, [sync, selfId]);
  return typing;
}
