import type * as Y from 'yjs';
import type { Logger } from '../logger.js';
import type { AcceptedEvent } from '../sync/sync-server.js';
import { IncrementalSummaries } from './incremental-summaries.js';
import type { MessagingStore } from './index-store.js';
import { isPersonMessage } from './summarize.js';

export { summarize } from './summarize.js';

/** What the indexer needs from the sync server. */
export interface IndexedDocs {
  onAccepted(listener: (e: AcceptedEvent) => void): () => void;
  read<T>(conversationId: string, read: (doc: Y.Doc) => T): T;
}

export interface IndexerDeps {
  docs: IndexedDocs;
  store: Pick<MessagingStore, 'write' | 'stale'>;
  /** Whether the conversation exists in SQL (rooms of tests and tools may have no row: nothing to index). */
  exists(conversationId: string): boolean;
  /**
   * Current member ids of a conversation (SQL), asked at every flush: a summary made for other
   * members is a full one (IndexState.advance), however the membership changed.
   */
  members(conversationId: string): readonly string[];
  /** Records activity at `at` (never moves backwards). */
  touch(conversationId: string, at: number): void;
  log: Logger;
  /** Told after a flush changed how a conversation is listed, with the users whose list changed. */
  onIndexed?(conversationId: string, memberIds: string[]): void;
  /** How many of the newest messages an edit or receipt may name and still be applied incrementally. */
  recentWindow?: number;
}

/** How long an index may lag its document when nobody reads it (readers flush first). */
const INDEX_DELAY_MS = 200;
/**
 * A full summary scans its document (about 0.5 µs per message: 10 ms for 20,000; the first one of
 * each loaded room, and after what the incremental path cannot apply), so after a costly flush the
 * next one waits this many times as long: the indexer never takes more than ~5% of the CPU,
 * however large the rooms. Readers still flush first, so what they see is never behind.
 */
const BACKOFF_FACTOR = 20;

/**
 * Derives the per-conversation index from the documents: every accepted update (REST or sync
 * client) marks its conversation dirty; dirty ones are summarised at most every INDEX_DELAY_MS, or
 * at once when a reader calls `flush()`. Summaries are incremental (incremental-summaries.ts): a
 * flush costs what changed since the last one, not the room's history. Documents stay the source
 * of truth.
 */
export class ConversationIndexer {
  private readonly dirty = new Set<string>();
  /** Latest activity per conversation, written with the next flush. */
  private readonly activity = new Map<string, number>();
  private scheduled: NodeJS.Timeout | null = null;
  /** How long the last flush took (ms). */
  private lastFlushMs = 0;
  private readonly summaries: IncrementalSummaries;
  private readonly off: () => void;

  constructor(private readonly deps: IndexerDeps) {
    this.summaries = new IncrementalSummaries(deps.recentWindow);
    this.off = deps.docs.onAccepted((e) => this.accepted(e));
  }

  /** Marks conversations whose index may be behind their document (never indexed, or a crash in between). */
  backfill(): void {
    for (const id of this.deps.store.stale()) this.markDirty(id);
  }

  /** Brings every dirty conversation's rows up to date now. */
  flush(): void {
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
    const started = performance.now();
    for (const [id, at] of this.activity) this.deps.touch(id, at);
    this.activity.clear();
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      if (!this.deps.exists(id)) {
        this.summaries.forget(id);
        continue;
      }
      try {
        const members = this.deps.members(id);
        const summary = this.deps.docs.read(id, (doc) => this.summaries.summary(id, doc, members));
        const { changedFor } = this.deps.store.write(id, summary);
        if (changedFor.length > 0) this.deps.onIndexed?.(id, changedFor);
      } catch (err) {
        this.summaries.forget(id);
        this.deps.log.error({ err, conversationId: id }, 'indexing a conversation failed');
      }
    }
    this.summaries.sweep();
    this.lastFlushMs = performance.now() - started;
  }

  /** Conversations with incremental state, and full scans so far (metrics, tests). */
  stats(): { states: number; fullScans: number } {
    return this.summaries.stats();
  }

  destroy(): void {
    this.off();
    this.summaries.clear();
    if (this.scheduled) clearTimeout(this.scheduled);
    this.scheduled = null;
  }

  /** Per update: cheap bookkeeping only (whether the conversation still exists is asked at flush). */
  private accepted(e: AcceptedEvent): void {
    if (e.addedMessages.some((m) => isPersonMessage(m))) this.activity.set(e.conversationId, Date.now());
    this.markDirty(e.conversationId);
  }

  private markDirty(id: string): void {
    this.dirty.add(id);
    if (this.scheduled) return;
    this.scheduled = setTimeout(() => this.flush(), Math.max(INDEX_DELAY_MS, this.lastFlushMs * BACKOFF_FACTOR));
    this.scheduled.unref();
  }
}
