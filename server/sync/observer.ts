/**
 * What the sync server reports about its work (metrics plug in here), so the sync core stays free
 * of any metrics library. Every method is cheap and must never throw.
 */
export interface SyncObserver {
  /** An update was accepted into a room (a client's or the server's own write). */
  accepted(): void;
  /** A client's frame broke a rule; its socket is being closed with `code`. */
  refused(rule: string, code: number): void;
  /** A websocket upgrade was answered with this HTTP status instead. */
  upgradeRefused(status: number): void;
  /** A batch of appends reached SQLite. */
  persisted(seconds: number, appends: number): void;
  /** A room's stored updates were folded into its snapshot. */
  compacted(updates: number): void;
}

export const NO_OBSERVER: SyncObserver = { accepted() {}, refused() {}, upgradeRefused() {}, persisted() {}, compacted() {} };
