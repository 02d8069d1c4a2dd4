import type * as Y from 'yjs';
import { watchChanges, type ChangeWatch } from './doc-changes.js';
import { IndexState } from './index-state.js';
import type { ConversationSummary } from './index-store.js';
import { summarize } from './summarize.js';

/** Newest messages an edit or receipt may name and still be applied without a full scan. */
export const DEFAULT_RECENT_WINDOW = 5000;
/** A state not used for this long is dropped (its room may stay loaded for its sockets). */
export const STATE_IDLE_MS = 10 * 60_000;

interface Tracked {
  doc: Y.Doc;
  state: IndexState;
  changes: ChangeWatch;
  usedAt: number;
  stop(): void;
}

/**
 * Summaries of conversation documents that cost what changed since the last one: each document
 * summarised once in full, then its changes (observed as they happen) applied to an IndexState.
 * A state lives as long as its document (a room unloading destroys it) and while it is used;
 * whatever it cannot apply exactly means one full scan again.
 */
export class IncrementalSummaries {
  private readonly tracked = new Map<string, Tracked>();
  /** Summaries that scanned their whole document: the others cost what changed. */
  private fullScans = 0;

  constructor(private readonly recentWindow = DEFAULT_RECENT_WINDOW) {}

  /** The summary of `doc` (conversation `id`), equal to `summarize(doc, memberIds)`. */
  summary(id: string, doc: Y.Doc, memberIds: readonly string[], now = Date.now()): ConversationSummary {
    // Inside a transaction the observers have not run yet: what they would report is missing.
    if (doc._transaction !== null) {
      this.forget(id);
      this.fullScans++;
      return summarize(doc, memberIds);
    }
    let t = this.tracked.get(id);
    if (t && (t.doc !== doc || !t.state.advance(doc, t.changes.take(), memberIds, this.recentWindow))) {
      this.forget(id);
      t = undefined;
    }
    t ??= this.track(id, doc, memberIds);
    t.usedAt = now;
    return t.state.summary(doc);
  }

  /** Drops a conversation's state: its next summary is a full one. */
  forget(id: string): void {
    this.tracked.get(id)?.stop();
    this.tracked.delete(id);
  }

  /** Drops states unused since `now - STATE_IDLE_MS`. */
  sweep(now = Date.now()): void {
    for (const [id, t] of this.tracked) if (now - t.usedAt > STATE_IDLE_MS) this.forget(id);
  }

  /** Drops every state (and its observers). */
  clear(): void {
    for (const id of [...this.tracked.keys()]) this.forget(id);
  }

  /** Conversations with a state, and full scans so far (metrics, tests). */
  stats(): { states: number; fullScans: number } {
    return { states: this.tracked.size, fullScans: this.fullScans };
  }

  private track(id: string, doc: Y.Doc, memberIds: readonly string[]): Tracked {
    // Nothing can change the document between the scan and the observers: both run now.
    this.fullScans++;
    const state = IndexState.scan(doc, memberIds);
    const changes = watchChanges(doc);
    const unloaded = () => {
      if (this.tracked.get(id)?.doc === doc) this.forget(id);
    };
    doc.on('destroy', unloaded);
    const t: Tracked = {
      doc,
      state,
      changes,
      usedAt: 0,
      stop: () => {
        changes.stop();
        doc.off('destroy', unloaded);
      },
    };
    this.tracked.set(id, t);
    return t;
  }
}
