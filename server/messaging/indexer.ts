import type * as Y from 'yjs';
import { conversationRoots, isSystemMessage, receiptPositions } from '../../shared/doc/index.js';
import type { Logger } from '../logger.js';
import type { AcceptedEvent } from '../sync/sync-server.js';
import type { ConversationSummary, IndexedLastMessage, MessagingStore } from './index-store.js';

/** What the indexer needs from the sync server. */
export interface IndexedDocs {
  onAccepted(listener: (e: AcceptedEvent) => void): () => void;
  read<T>(conversationId: string, read: (doc: Y.Doc) => T): T;
}

export interface IndexerDeps {
  docs: IndexedDocs;
  store: MessagingStore;
  /** Whether the conversation exists in SQL (rooms of tests and tools may have no row: nothing to index). */
  exists(conversationId: string): boolean;
  /** Current member ids of a conversation (SQL). */
  members(conversationId: string): string[];
  /** Records activity at `at` (never moves backwards). */
  touch(conversationId: string, at: number): void;
  log: Logger;
}

/** How long an index may lag its document when nobody reads it (readers flush first). */
const INDEX_DELAY_MS = 200;
/**
 * A summary scans its document (about 0.5 µs per message: 10 ms for 20,000), so after a costly
 * flush the next one waits this many times as long: the indexer never takes more than ~5% of the
 * CPU, however large the rooms. Readers still flush first, so what they see is never behind.
 */
const BACKOFF_FACTOR = 20;

/**
 * Derives the per-conversation index from the documents: every accepted update (REST or sync
 * client) marks its conversation dirty; dirty ones are summarised at most every INDEX_DELAY_MS, or
 * at once when a reader calls `flush()`. A summary scans the document, so summarising on every
 * event-loop turn made a busy room's cost grow with its history. Documents stay the source of truth.
 */
export class ConversationIndexer {
  private readonly dirty = new Set<string>();
  /** Latest activity per conversation, written with the next flush. */
  private readonly activity = new Map<string, number>();
  private scheduled: NodeJS.Timeout | null = null;
  /** How long the last flush took (ms). */
  private lastFlushMs = 0;
  private readonly off: () => void;

  constructor(private readonly deps: IndexerDeps) {
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
      if (!this.deps.exists(id)) continue;
      try {
        const summary = this.deps.docs.read(id, (doc) => summarize(doc, this.deps.members(id)));
        this.deps.store.replace(id, summary);
      } catch (err) {
        this.deps.log.error({ err, conversationId: id }, 'indexing a conversation failed');
      }
    }
    this.lastFlushMs = performance.now() - started;
  }

  destroy(): void {
    this.off();
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

function isPersonMessage(m: unknown): boolean {
  return typeof m === 'object' && m !== null && typeof (m as { author?: unknown }).author === 'string' && !isSystemMessage(m as { author: string });
}

/**
 * The index rows of one document: message count and last message (people's messages only), and
 * for each member their read position and unread count (others' messages after it, not deleted).
 * One pass from the newest message back, so O(messages + members).
 */
export function summarize(doc: Y.Doc, memberIds: Iterable<string>): ConversationSummary {
  const { messages, edits } = conversationRoots(doc);
  const all = messages.toArray();
  const positions = receiptPositions(doc);
  const waiting = new Map<number, string[]>();
  for (const userId of new Set(memberIds)) {
    const pos = positions.get(userId)?.read ?? -1;
    waiting.set(pos, [...(waiting.get(pos) ?? []), userId]);
  }
  const reads = new Map<string, { readMessageId: string | null; unread: number }>();
  let total = 0;
  const byAuthor = new Map<string, number>();
  let messageCount = 0;
  let last: IndexedLastMessage | null = null;
  for (let i = all.length - 1; i >= -1; i--) {
    for (const userId of waiting.get(i) ?? []) {
      reads.set(userId, { readMessageId: i >= 0 ? (all[i]?.id ?? null) : null, unread: total - (byAuthor.get(userId) ?? 0) });
    }
    if (i < 0) break;
    const m = all[i];
    if (!isPersonMessage(m) || m === undefined) continue;
    messageCount++;
    const deleted = edits.get(m.id)?.deleted === true;
    if (last === null) {
      const text = deleted ? null : (edits.get(m.id)?.text ?? m.text);
      last = { id: m.id, author: m.author, text, createdAt: m.createdAt, deleted };
    }
    if (deleted) continue;
    total++;
    byAuthor.set(m.author, (byAuthor.get(m.author) ?? 0) + 1);
  }
  return { messageCount, last, reads };
}
