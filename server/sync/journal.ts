import type { Append, SyncStore } from './persistence.js';

/**
 * Write-behind of accepted updates with a durability barrier: appends queued during one
 * event-loop turn are written in one transaction at its end, and anything that must not leave
 * the process before them (broadcasts, sync answers) waits in `afterDurable` until they are.
 */
export class Journal {
  private queue: Append[] = [];
  private waiting: Array<{ conversationId: string; run: () => void }> = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly store: SyncStore,
    /** Called when a batch could not be written: the rooms in it must drop their in-memory state. */
    private readonly onFailure: (conversationIds: Set<string>, err: unknown) => void,
    /** Told how long each written batch took. */
    private readonly onWritten: (seconds: number, appends: number) => void = () => {},
  ) {}

  append(entry: Append): void {
    this.queue.push(entry);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Runs `run` once everything appended so far is on disk: now when nothing is pending. */
  afterDurable(conversationId: string, run: () => void): void {
    if (this.queue.length === 0) run();
    else this.waiting.push({ conversationId, run });
  }

  /** Writes everything queued now, then releases what waited for it. */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const batch = this.queue;
    const waiting = this.waiting;
    this.queue = [];
    this.waiting = [];
    if (batch.length === 0) {
      for (const w of waiting) w.run();
      return;
    }
    let failed: Set<string> | null = null;
    try {
      const started = performance.now();
      this.store.appendAll(batch);
      this.onWritten((performance.now() - started) / 1000, batch.length);
    } catch (err) {
      failed = new Set(batch.map((a) => a.conversationId));
      this.onFailure(failed, err);
    }
    for (const w of waiting) if (!failed?.has(w.conversationId)) w.run();
  }
}
