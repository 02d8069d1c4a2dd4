/**
 * Remembers computed values until the end of the current event-loop turn. Accepted updates are
 * announced in batches (once per journal flush), so listeners that look up the same conversation
 * for every update of a burst do it once per batch instead; nothing outlives the turn, so no
 * invalidation is needed.
 */
export class TurnCache<K, V> {
  private readonly values = new Map<K, V>();
  private clearing: NodeJS.Immediate | null = null;

  get(key: K, compute: (key: K) => V): V {
    if (this.values.has(key)) return this.values.get(key) as V;
    const value = compute(key);
    this.values.set(key, value);
    this.clearing ??= setImmediate(() => {
      this.values.clear();
      this.clearing = null;
    });
    return value;
  }
}
