import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../db/database.js';
import { COMPACTION_SQL, type FoldedDoc, type SyncStore } from './persistence.js';

/**
 * Compaction off the main thread. Merging a room's updates into its snapshot (Y.mergeUpdates) is
 * pure CPU that grows with the history: 2,000 updates took 45–90 ms, a stall every room on the
 * server felt. A worker with its own connection reads and merges; the main thread only swaps the
 * merged snapshot in (one short transaction, checked against the snapshot it was merged from), so
 * SQLite never sees two writers. One compaction per conversation runs at a time. Should the worker
 * fail, compactions run on the main thread again.
 */

// Plain CommonJS evaluated in the worker (no TypeScript loader there): read in one transaction, merge
// as foldStored does, hand the bytes over without a copy.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const Y = require(workerData.yjs);
// Read-only: the main thread is the only writer.
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const snapshot = db.prepare(workerData.sql.snapshot);
const updatesAfter = db.prepare(workerData.sql.updatesAfter);
const read = db.transaction((id) => {
  const snap = snapshot.get(id);
  return { snap, rows: updatesAfter.all(id, snap ? snap.seq : 0) };
});
parentPort.on('message', (msg) => {
  if (msg === 'stop') {
    db.close();
    return parentPort.close();
  }
  try {
    const { snap, rows } = read(msg.conversationId);
    if (rows.length === 0) return parentPort.postMessage({ job: msg.job, fold: null });
    const parts = rows.map((r) => new Uint8Array(r.update));
    if (snap) parts.unshift(new Uint8Array(snap.snapshot));
    const merged = Y.mergeUpdates(parts);
    const fold = { baseSeq: snap ? snap.seq : 0, lastSeq: rows[rows.length - 1].seq, folded: rows.length, snapshot: merged };
    parentPort.postMessage({ job: msg.job, fold }, [merged.buffer]);
  } catch (err) {
    parentPort.postMessage({ job: msg.job, error: err instanceof Error ? err.message : String(err) });
  }
});
`;

/** How long closing waits for compactions under way before giving up on them (they change nothing until they finish). */
const CLOSE_WAIT_MS = 5000;

interface Pending {
  resolve: (fold: FoldedDoc | null) => void;
  reject: (err: unknown) => void;
}

export class Compactor {
  /** Started by the first compaction (most processes that open the database never compact). */
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The worker failed: compactions run on the main thread from then on. */
  private broken = false;
  private closed = false;
  private readonly pending = new Map<number, Pending>();
  private readonly running = new Map<string, Promise<number>>();
  private nextJob = 1;

  constructor(
    private readonly db: Db,
    private readonly store: SyncStore,
    private readonly onError: (err: unknown) => void,
  ) {}

  /**
   * Folds `conversationId`'s stored updates into its snapshot; resolves to how many were folded.
   * Everything appended before the call is included (the caller flushes its journal first): a call
   * while one is running for the same conversation waits for it, then folds what is left.
   * After close(), nothing is folded.
   */
  compact(conversationId: string): Promise<number> {
    if (this.closed) return Promise.resolve(0);
    const previous = this.running.get(conversationId);
    const done: Promise<number> = (previous ? previous.catch(() => 0) : Promise.resolve(0))
      .then(() => this.run(conversationId))
      .finally(() => {
        if (this.running.get(conversationId) === done) this.running.delete(conversationId);
      });
    this.running.set(conversationId, done);
    return done;
  }

  private async run(conversationId: string): Promise<number> {
    if (this.closed) return 0;
    const worker = this.broken ? null : (this.worker ?? this.start());
    if (!worker) return this.store.compact(conversationId);
    const fold = await new Promise<FoldedDoc | null>((resolve, reject) => {
      const job = this.nextJob++;
      this.pending.set(job, { resolve, reject });
      // Referenced while it works, so a process with nothing else to do still waits for the answer.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ job, conversationId });
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    });
    return fold && !this.closed && this.store.installSnapshot(conversationId, fold) ? fold.folded : 0;
  }

  private start(): Worker {
    const require = createRequire(import.meta.url);
    const workerData = { driver: require.resolve('better-sqlite3'), yjs: require.resolve('yjs'), file: this.db.name, sql: COMPACTION_SQL };
    const worker = new Worker(WORKER, { eval: true, workerData });
    worker.unref();
    worker.on('message', ({ job, fold, error }: { job: number; fold?: FoldedDoc | null; error?: string }) => {
      const p = this.pending.get(job);
      this.pending.delete(job);
      if (error !== undefined) p?.reject(new Error(`compaction failed: ${error}`));
      else p?.resolve(fold ?? null);
    });
    worker.on('error', (err) => this.failed(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        // Exiting other than through close() leaves jobs unanswered: fail them (an 'error' may have done so already).
        if (this.worker === worker) this.failed(new Error(`compaction worker exited with code ${code}`));
        resolve();
      }),
    );
    this.worker = worker;
    return worker;
  }

  private failed(err: unknown): void {
    this.worker = null;
    this.broken = true;
    this.rejectPending(err);
    this.onError(err);
  }

  private rejectPending(err: unknown): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Waits (a while) for compactions under way, then stops the worker; later calls fold nothing. */
  async close(): Promise<void> {
    const timeout = new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref());
    await Promise.race([Promise.allSettled([...this.running.values()]), timeout]);
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      worker.ref();
      worker.postMessage('stop');
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
    }
    // Whatever did not finish in time will not: its caller hears so instead of waiting forever.
    this.rejectPending(new Error('compaction stopped: shutting down'));
  }
}
