import type { Db } from '../db/database.js';
import type { DomainEvents, EventBus } from '../events.js';

/** Queues an event for publication once the surrounding transaction has committed. */
export type Publish = <K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]) => void;

/**
 * Runs `work` in one SQLite transaction and publishes the events it queued only after the
 * commit: listeners then see committed state, and a rolled-back change announces nothing.
 */
export function transact<T>(db: Db, events: EventBus, work: (publish: Publish) => T): T {
  const queued: (() => void)[] = [];
  const publish: Publish = (event, payload) => void queued.push(() => events.emit(event, payload));
  const result = db.transaction(() => work(publish))();
  for (const emit of queued) emit();
  return result;
}
