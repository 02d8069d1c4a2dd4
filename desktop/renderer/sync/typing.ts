/** A typing mark older than this is stale: the writer stopped (or left without clearing it). */
export const TYPING_FRESH_MS = 6000;

export interface TypingNow {
  /** Ids of the other users typing, sorted (so two answers compare by value). */
  ids: string[];
  /** When the soonest of their marks goes stale (ms epoch); null when nobody types. */
  staleAt: number | null;
}

/**
 * Who else is typing, from awareness states (`user` is set by the server, `typing` is the time of
 * the writer's last keystroke). This client's own state and the user's other devices do not count.
 */
export function typingNow(states: ReadonlyMap<number, unknown>, ownClientId: number, selfId: string, now: number): TypingNow {
  const ids = new Set<string>();
  let staleAt: number | null = null;
  states.forEach((state, clientId) => {
    const s = state as { user?: { id?: unknown }; typing?: unknown } | null;
    if (clientId === ownClientId || typeof s?.user?.id !== 'string' || s.user.id === selfId) return;
    if (typeof s.typing !== 'number' || now - s.typing >= TYPING_FRESH_MS) return;
    ids.add(s.user.id);
    staleAt = Math.min(staleAt ?? Infinity, s.typing + TYPING_FRESH_MS);
  });
  return { ids: [...ids].sort(), staleAt };
}

/** True when `a` and `b` hold the same ids in the same order. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
