import { Store } from '../lib/store.js';
import { pendingKey } from '../session/local-data.js';

/**
 * Own messages written while the conversation was not in sync with the server, shown as
 * pending. Kept in localStorage so a reload while offline still shows which ones wait.
 */
export class PendingSet {
  readonly ids: Store<ReadonlySet<string>>;
  private readonly key: string;

  constructor(userId: string, conversationId: string) {
    this.key = pendingKey(userId, conversationId);
    this.ids = new Store<ReadonlySet<string>>(new Set(this.load()));
  }

  /** Marks a message as waiting for the server. */
  add(id: string): void {
    this.ids.set((s) => new Set([...s, id]));
    this.save();
  }

  /** Everything has reached the server. */
  clear(): void {
    if (this.ids.get().size === 0) return;
    this.ids.set(new Set());
    this.save();
  }

  private load(): string[] {
    try {
      const ids = JSON.parse(localStorage.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    const ids = [...this.ids.get()];
    if (ids.length === 0) localStorage.removeItem(this.key);
    else localStorage.setItem(this.key, JSON.stringify(ids));
  }
}
