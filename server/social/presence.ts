import type { EventBus } from '../events.js';

/**
 * Who is connected right now. The sync engine owns live sockets and announces them on the event
 * bus; social code only asks, and never learns how presence is tracked.
 */
export interface Presence {
  isOnline(userId: string): boolean;
}

/** Presence kept from the sync server's `presence.online` / `presence.offline` events. */
export class OnlineUsers implements Presence {
  private readonly online = new Set<string>();
  private readonly offs: Array<() => void>;

  constructor(events: Pick<EventBus, 'on'>) {
    this.offs = [
      events.on('presence.online', ({ userId }) => this.online.add(userId)),
      events.on('presence.offline', ({ userId }) => this.online.delete(userId)),
    ];
  }

  isOnline(userId: string): boolean {
    return this.online.has(userId);
  }

  /** Stops listening. */
  destroy(): void {
    this.offs.forEach((off) => off());
    this.online.clear();
  }
}
