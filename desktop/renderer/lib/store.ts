/** A value that can be watched: the renderer's only state primitive (React reads it through useStore). */
export class Store<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  /** The current value. */
  get = (): T => this.value;

  /** Replaces the value (or derives it from the previous one) and tells every subscriber. */
  set = (next: T | ((previous: T) => T)): void => {
    const value = typeof next === 'function' ? (next as (previous: T) => T)(this.value) : next;
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  };

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
