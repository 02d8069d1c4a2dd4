import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';

/**
 * WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the threshold and copies (and, with synchronous=NORMAL, fsyncs) megabytes while the event
 * loop waits: every few thousand sync appends a delivery stalled for milliseconds. Here a worker
 * with its own connection runs PASSIVE checkpoints on a timer (they never block writers), and the
 * server's connection stops checkpointing itself. Should the worker fail, automatic checkpoints
 * come back.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** What the worker reports after each checkpoint that copied frames. */
export interface CheckpointReport {
  frames: number;
  seconds: number;
}

// Plain CommonJS evaluated in the worker: no TypeScript loader is needed there.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  const started = performance.now();
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  if (result && result.checkpointed > 0) parentPort.postMessage({ frames: result.checkpointed, seconds: (performance.now() - started) / 1000 });
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export function startCheckpointer(
  db: Db,
  options: { intervalMs?: number; onCheckpoint?: (r: CheckpointReport) => void; onError?: (err: unknown) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { driver, file: db.name, intervalMs: options.intervalMs ?? 1000 } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  worker.on('message', (r: CheckpointReport) => options.onCheckpoint?.(r));
  worker.on('error', (err) => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    options.onError?.(err);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Keep the process alive until the worker has closed its connection (it is unref'd otherwise).
      worker.ref();
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      await worker.terminate();
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
  };
}
