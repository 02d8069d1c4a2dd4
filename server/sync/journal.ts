import type { Append, SyncStore } from './persistence.js';

/**
 * Write-behind of accepted updates with a durability barrier: appends are written in one
 * transaction per batch, and anything that must not leave the process before them (broadcasts,
 * sync answers) waits in `afterDurable` until they are.
 *
 * Batching adapts to load (group commit): when the journal has been idle, a batch is written as
 * soon as the socket read that queued it is handled (lowest latency); while batches follow each
 * other closely, appends wait for the end of the event-loop turn, so one transaction carries
 * everything that arrived in it (least CPU per update).
 */
/** A journal that wrote a batch less than this long ago counts as busy. */
const BUSY_WINDOW_MS = 1;

export class Journal {
  private queue: Append[] = [];
  private waiting: Array<{ conversationId: string; run: () => void }> = [];
  private scheduled: NodeJS.Immediate | null = null;
  private flushQueued = false;
  private lastFlushAt = -Infinity;

  constructor(
    private readonly store: SyncStore,
    /** Called when a batch could not be written: the rooms in it must drop their in-memory state. */
    private readonly onFailure: (conversationIds: Set<string>, err: unknown) => void,
    /** Told how long each written batch took. */
    private readonly onWritten: (seconds: number, appends: number) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  append(entry: Append): void {
    this.queue.push(entry);
    if (this.scheduled || this.flushQueued) return;
    if (this.now() - this.lastFlushAt < BUSY_WINDOW_MS) {
      this.scheduled = setImmediate(() => this.flush());
    } else {
      this.flushQueued = true;
      queueMicrotask(() => {
        if (this.flushQueued) this.flush();
      });
    }
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
    this.flushQueued = false;
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
    this.lastFlushAt = this.now();
  }
}
