/**
 * Who is connected right now. The sync engine owns live sockets, so it supplies the real
 * implementation; social code only asks, and never learns how presence is tracked.
 */
export interface Presence {
  isOnline(userId: string): boolean;
}
