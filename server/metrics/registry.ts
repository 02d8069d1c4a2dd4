import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

  readonly liveSockets = new Gauge({ name: 'parley_sync_live_sockets', help: 'Open sync websockets', registers: [this.registry] });
  readonly roomsInMemory = new Gauge({ name: 'parley_sync_rooms_in_memory', help: 'Conversation documents loaded in memory', registers: [this.registry] });
  readonly updatesAccepted = new Counter({ name: 'parley_sync_updates_accepted_total', help: 'Document updates accepted', registers: [this.registry] });
  readonly updatesRefused = new Counter({
    name: 'parley_sync_updates_refused_total',
    help: 'Document updates refused, by rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
  });
  readonly persistDuration = new Histogram({
    name: 'parley_sync_persist_duration_seconds',
    help: 'Time to append a batch of updates to SQLite',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly compactions = new Counter({ name: 'parley_sync_compactions_total', help: 'Room compactions into a snapshot', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'parley_' });
  }
}
