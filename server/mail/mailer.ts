/**
 * The outgoing mail queue. `send` only writes a row (so it can join the caller's SQLite
 * transaction and a provider outage can never fail a request); a single background worker
 * delivers due rows one by one and retries failures with exponential backoff.
 */
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { MailStore, type QueuedMail } from './mail-store.js';
import type { MailMessage, MailTransport } from './transport.js';

/** Tuning of the retry policy. */
export interface MailerOptions {
  /** Delay before the first retry; doubles per failed attempt, capped at one hour. */
  retryBaseMs: number;
  /** Attempts (first try included) before a mail is abandoned; default 10. */
  maxAttempts?: number;
}

const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** Rows read per query: the worker re-queries until nothing is due, so this only bounds memory. */
const BATCH = 20;
/** setTimeout overflows (and fires at once) past 2^31-1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Delay after the `attempts`-th failure: base * 2^(attempts-1), capped at one hour. */
export function backoffMs(retryBaseMs: number, attempts: number): number {
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** A short, body-free description of a delivery failure (kept in last_error and logged). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 500);
  // mailgun.js errors carry the HTTP status and the provider's own explanation in `details`.
  const { status, details } = err as { status?: unknown; details?: unknown };
  const text = `${err.name}${typeof status === 'number' ? ` ${status}` : ''}: ${err.message}`
    + (typeof details === 'string' && details && details !== err.message ? ` (${details})` : '');
  return text.slice(0, 500);
}

/** Queues mail durably in SQLite and delivers it in the background through one transport. */
export class Mailer {
  private readonly store: MailStore;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  /** The pass in progress; at most one at a time so a mail is never delivered twice concurrently. */
  private running: Promise<void> | null = null;
  /** Set when work arrives during a pass: the pass loops once more instead of overlapping. */
  private rerun = false;
  private stopped = false;
  /** Flushes in progress; they keep a pass going even after stop(). */
  private flushing = 0;

  constructor(db: Db, private readonly transport: MailTransport, private readonly log: Logger, options: MailerOptions) {
    if (!(options.retryBaseMs >= 0)) throw new RangeError('retryBaseMs must be >= 0');
    const maxAttempts = options.maxAttempts ?? 10;
    if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) throw new RangeError('maxAttempts must be an integer >= 1');
    this.store = new MailStore(db);
    this.retryBaseMs = options.retryBaseMs;
    this.maxAttempts = maxAttempts;
  }

  /** Queues `msg` synchronously (joins the caller's transaction) and attempts delivery on a later tick; never throws for the provider. */
  send(msg: MailMessage): void {
    this.store.enqueue(msg, Date.now());
    // Deferred: inside a transaction the row is only visible (or gone, on rollback) once it ends.
    this.kick();
  }

  /** Starts the worker, picking up mail a previous process left pending. */
  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Stops scheduling and waits for the delivery in flight; pending mail stays queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    await this.running;
  }

  /** Delivers everything due now and resolves when done (failures are rescheduled, not thrown). */
  async flush(): Promise<void> {
    this.flushing++;
    try {
      await this.run();
    } finally {
      this.flushing--;
    }
  }

  /** Runs a pass on a later tick (coalesced). */
  private kick(): void {
    if (this.stopped || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = null;
      void this.run();
    });
  }

  /** Starts a pass, or asks the running one to go around again; resolves when no pass is running. */
  private run(): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      let pause = 0;
      try {
        do {
          this.rerun = false;
          await this.deliverDue();
        } while (this.rerun);
      } catch (err) {
        // Only the store can get here (a busy or closed database): log it, never an unhandled
        // rejection, and pause before the next pass so a persistent fault cannot spin.
        this.log.error({ err: describeError(err) }, 'mail queue pass failed');
        pause = Math.max(1000, this.retryBaseMs);
      } finally {
        this.running = null;
        this.schedule(pause);
      }
    })();
    return this.running;
  }

  /** Delivers due mail one by one until none is due (or the worker is stopped). */
  private async deliverDue(): Promise<void> {
    for (;;) {
      const batch = this.store.due(Date.now(), BATCH);
      if (batch.length === 0) return;
      for (const mail of batch) {
        if (this.stopped && this.flushing === 0) return;
        await this.attempt(mail);
      }
    }
  }

  private async attempt(mail: QueuedMail): Promise<void> {
    try {
      await this.transport.deliver({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    } catch (err) {
      this.recordFailure(mail, describeError(err));
      return;
    }
    this.store.markSent(mail.id, Date.now());
    this.log.debug({ mailId: mail.id, transport: this.transport.name, attempts: mail.attempts + 1 }, 'mail delivered');
  }

  private recordFailure(mail: QueuedMail, error: string): void {
    const attempts = mail.attempts + 1;
    const fields = { mailId: mail.id, to: mail.to, subject: mail.subject, transport: this.transport.name, attempts, error };
    if (attempts >= this.maxAttempts) {
      this.store.markAbandoned(mail.id, attempts, error);
      this.log.error(fields, 'mail delivery failed; giving up');
      return;
    }
    const retryInMs = backoffMs(this.retryBaseMs, attempts);
    this.store.markFailed(mail.id, attempts, Date.now() + retryInMs, error);
    this.log.warn({ ...fields, retryInMs }, 'mail delivery failed; will retry');
  }

  /** Arms the single timer for the earliest pending mail, at least `minDelayMs` from now. */
  private schedule(minDelayMs = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    let next: number | null;
    try {
      next = this.store.nextDueAt();
    } catch (err) {
      this.log.error({ err: describeError(err) }, 'mail queue schedule failed');
      return;
    }
    if (next === null) return;
    const delay = Math.max(next - Date.now(), minDelayMs);
    if (delay <= 0) {
      this.kick();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, Math.min(delay, MAX_TIMER_MS));
    // A pending retry must not keep the process alive on its own.
    this.timer.unref();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
