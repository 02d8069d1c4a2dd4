import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SyncObserver } from '../sync/observer.js';

/**
 * The server's Prometheus metrics. One registry per server instance (tests run several in
 * one process); capabilities record into the fields here and never create metrics of their own.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Read at scrape time (the sync server plugs in through trackSync). */
  private syncStats: () => { rooms: number; sockets: number } = () => ({ rooms: 0, sockets: 0 });

  readonly liveSockets: Gauge = new Gauge({
    name: 'parley_sync_live_sockets',
    help: 'Open sync websockets',
    registers: [this.registry],
    collect: (): void => this.liveSockets.set(this.syncStats().sockets),
  });
  readonly roomsInMemory: Gauge = new Gauge({
    name: 'parley_sync_rooms_in_memory',
    help: 'Conversation documents loaded in memory',
    registers: [this.registry],
    collect: (): void => this.roomsInMemory.set(this.syncStats().rooms),
  });
  readonly upgradesRefused = new Counter({
    name: 'parley_sync_upgrades_refused_total',
    help: 'Websocket upgrades refused, by HTTP status',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  readonly updatesAccepted = new Counter({ name: 'parley_sync_updates_accepted_total', help: 'Document updates accepted', registers: [this.registry] });
  readonly updatesRefused = new Counter({
    name: 'parley_sync_updates_refused_total',
    help: 'Frames refused (socket closed), by rule and close code',
    labelNames: ['rule', 'code'] as const,
    registers: [this.registry],
  });
  readonly persistDuration = new Histogram({
    name: 'parley_sync_persist_duration_seconds',
    help: 'Time to append a batch of updates to SQLite',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly checkpointFrames = new Counter({
    name: 'parley_sqlite_checkpointed_frames_total',
    help: 'WAL frames copied into the database by the background checkpointer',
    registers: [this.registry],
  });
  readonly checkpointDuration = new Histogram({
    name: 'parley_sqlite_checkpoint_duration_seconds',
    help: 'Time of each background WAL checkpoint that copied frames',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly compactions = new Counter({ name: 'parley_sync_compactions_total', help: 'Room compactions into a snapshot', registers: [this.registry] });
  readonly compactedUpdates = new Counter({
    name: 'parley_sync_compacted_updates_total',
    help: 'Stored updates folded into snapshots',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
  }

  /** Reads live sockets and rooms in memory from `stats` at every scrape. */
  trackSync(stats: () => { rooms: number; sockets: number }): void {
    this.syncStats = stats;
  }

  /** The sync server's observer, recording into these metrics. */
  syncObserver(): SyncObserver {
    return {
      accepted: () => this.updatesAccepted.inc(),
      refused: (rule, code) => this.updatesRefused.inc({ rule, code: String(code) }),
      upgradeRefused: (status) => this.upgradesRefused.inc({ status: String(status) }),
      persisted: (seconds) => this.persistDuration.observe(seconds),
      compacted: (updates) => {
        this.compactions.inc();
        this.compactedUpdates.inc(updates);
      },
    };
  }
}
