import type { Logger } from '../logger.js';

/**
 * Tells listeners about events a little later, in one batch per event-loop turn: derived state
 * (the conversation index, notifications) is worked out after the frames of the batch that made
 * the updates durable have left, not in front of them. A listener's failure is logged and never
 * reaches the publisher or the other listeners.
 */
export class Announcer<E> {
  private readonly listeners = new Set<(event: E) => void>();
  private queue: E[] = [];
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly log: Logger,
    private readonly describe: (event: E) => object,
  ) {}

  get listening(): boolean {
    return this.listeners.size > 0;
  }

  /** Adds a listener; returns its removal. */
  listen(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  queueEvent(event: E): void {
    this.queue.push(event);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Announces everything queued now (also on shutdown, so nothing queued is dropped). */
  drain(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    const events = this.queue;
    this.queue = [];
    for (const event of events) {
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (err) {
          this.log.error({ err, ...this.describe(event) }, 'listener failed');
        }
      }
    }
  }
}
