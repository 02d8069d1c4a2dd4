import { EventEmitter } from 'node:events';

/**
 * Domain events published by services (accounts, social) and consumed elsewhere
 * (sync sockets, notifications), so neither side knows about the other.
 */
export interface DomainEvents {
  /** Sessions ended (logout, revocation, password change, deactivation): close their sockets. */
  'sessions.revoked': { userId: string; sessionIds: string[] | 'all'; reason: string };
  'user.deactivated': { userId: string };
}

/** A typed in-process event bus; a listener's failure never breaks the publisher. */
export class EventBus {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor(private readonly onListenerError: (event: string, err: unknown) => void = () => {}) {
    this.emitter.setMaxListeners(100);
  }

  on<K extends keyof DomainEvents>(event: K, listener: (payload: DomainEvents[K]) => void): () => void {
    const safe = (payload: DomainEvents[K]) => {
      try {
        listener(payload);
      } catch (err) {
        this.onListenerError(event, err);
      }
    };
    this.emitter.on(event, safe);
    return () => this.emitter.off(event, safe);
  }

  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void {
    this.emitter.emit(event, payload);
  }
}
