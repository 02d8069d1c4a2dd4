import * as Y from 'yjs';
import type { Db } from '../db/database.js';

/**
 * Storage of conversation documents (the only SQL of the sync server): an append-only log of
 * accepted updates, a snapshot per document, and the owners of Yjs client ids. Appends are
 * queued and written together, in one transaction, once per event-loop turn.
 */

export interface StoredDoc {
  /** Snapshot first (when there is one), then every later update, in order. */
  updates: Uint8Array[];
  /** Highest seq stored for the document (0 when none). */
  lastSeq: number;
  /** Updates stored after the snapshot. */
  tail: number;
  /** client id → owning user id (null: the server). */
  owners: Map<number, string | null>;
}

export interface Append {
  conversationId: string;
  /** Null for an append that only records claims (client ids first seen in awareness). */
  seq: number | null;
  update: Uint8Array | null;
  writerUserId: string | null;
  /** Client ids first used by this update, claimed for its writer. */
  claims: number[];
}

/** The reads compaction folds; shared with the compaction worker, which runs them on its own connection. */
export const COMPACTION_SQL = {
  snapshot: 'SELECT seq, snapshot FROM doc_snapshots WHERE conversation_id = ?',
  updatesAfter: 'SELECT seq, "update" AS "update" FROM doc_updates WHERE conversation_id = ? AND seq > ? ORDER BY seq',
} as const;

/** A document's snapshot merged with the updates after it, ready to replace them. */
export interface FoldedDoc {
  /** The snapshot's seq it was merged from (0: there was none). */
  baseSeq: number;
  /** The last update it holds. */
  lastSeq: number;
  /** How many stored updates it replaces. */
  folded: number;
  snapshot: Uint8Array;
}

export class SyncStore {
  private readonly stmts;
  /** Built once: better-sqlite3 makes a new wrapper on every `transaction()` call. */
  private readonly appendBatch: (batch: readonly Append[], now: number) => void;

  constructor(private readonly db: Db) {
    this.appendBatch = db.transaction((batch: readonly Append[], now: number) => {
      for (const a of batch) this.appendOne(a, now);
    });
    this.stmts = {
      snapshot: db.prepare<[string], { seq: number; snapshot: Buffer }>(COMPACTION_SQL.snapshot),
      snapshotSeq: db.prepare<[string], number>('SELECT seq FROM doc_snapshots WHERE conversation_id = ?').pluck(),
      updatesAfter: db.prepare<[string, number], { seq: number; update: Buffer }>(COMPACTION_SQL.updatesAfter),
      owners: db.prepare<[string], { client_id: number; user_id: string | null }>(
        'SELECT client_id, user_id FROM doc_clients WHERE conversation_id = ?',
      ),
      append: db.prepare('INSERT INTO doc_updates (conversation_id, seq, "update", writer_user_id, created_at) VALUES (?, ?, ?, ?, ?)'),
      claim: db.prepare('INSERT INTO doc_clients (conversation_id, client_id, user_id, created_at) VALUES (?, ?, ?, ?)'),
      upsertSnapshot: db.prepare(`INSERT INTO doc_snapshots (conversation_id, seq, snapshot, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq, snapshot = excluded.snapshot, updated_at = excluded.updated_at`),
      deleteUpTo: db.prepare('DELETE FROM doc_updates WHERE conversation_id = ? AND seq <= ?'),
    };
  }

  /** Everything needed to rebuild a document. */
  load(conversationId: string): StoredDoc {
    const snap = this.stmts.snapshot.get(conversationId);
    const rows = this.stmts.updatesAfter.all(conversationId, snap?.seq ?? 0);
    // Views of what SQLite returned, not copies (a snapshot can be megabytes).
    const updates = rows.map((r) => bytesOf(r.update));
    if (snap) updates.unshift(bytesOf(snap.snapshot));
    const owners = new Map(this.stmts.owners.all(conversationId).map((r) => [r.client_id, r.user_id] as const));
    return { updates, lastSeq: rows.at(-1)?.seq ?? snap?.seq ?? 0, tail: rows.length, owners };
  }

  /** Writes a batch of appends (and their claims) atomically. */
  appendAll(batch: readonly Append[]): void {
    const only = batch.length === 1 ? (batch[0] as Append) : null;
    // One plain update is one INSERT, atomic on its own: no BEGIN/COMMIT round for the commonest case.
    if (only && only.claims.length === 0) this.appendOne(only, Date.now());
    else this.appendBatch(batch, Date.now());
  }

  private appendOne(a: Append, now: number): void {
    for (const client of a.claims) this.stmts.claim.run(a.conversationId, client, a.writerUserId, now);
    if (a.update !== null) this.stmts.append.run(a.conversationId, a.seq, a.update, a.writerUserId, now);
  }

  /** Folds every stored update into the snapshot here, in one transaction; returns how many were folded. */
  compact(conversationId: string): number {
    return this.db.transaction(() => {
      const snap = this.stmts.snapshot.get(conversationId);
      const folded = foldStored(snap, this.stmts.updatesAfter.all(conversationId, snap?.seq ?? 0));
      return folded && this.installSnapshot(conversationId, folded) ? folded.folded : 0;
    })();
  }

  /**
   * Replaces the updates a fold holds with its snapshot, atomically; false (nothing written) when
   * the stored snapshot is no longer the one it was merged from.
   */
  installSnapshot(conversationId: string, fold: FoldedDoc): boolean {
    return this.db.transaction(() => {
      if ((this.stmts.snapshotSeq.get(conversationId) ?? 0) !== fold.baseSeq) return false;
      this.stmts.upsertSnapshot.run(conversationId, fold.lastSeq, fold.snapshot, Date.now());
      this.stmts.deleteUpTo.run(conversationId, fold.lastSeq);
      return true;
    })();
  }

  // ---- read-only views for admins and tools (nothing below writes) ----

  /** The stored rows of a document one by one (not merged), so each can be checked or exported. */
  rows(conversationId: string): StoredRows {
    const snap = this.db
      .prepare('SELECT seq, snapshot, updated_at FROM doc_snapshots WHERE conversation_id = ?')
      .get(conversationId) as { seq: number; snapshot: Buffer; updated_at: number } | undefined;
    const updates = this.db
      .prepare('SELECT seq, "update" AS "update", writer_user_id, created_at FROM doc_updates WHERE conversation_id = ? ORDER BY seq')
      .all(conversationId) as Array<{ seq: number; update: Buffer; writer_user_id: string | null; created_at: number }>;
    return {
      snapshot: snap ? { seq: snap.seq, bytes: new Uint8Array(snap.snapshot), updatedAt: snap.updated_at } : null,
      updates: updates.map((u) => ({ seq: u.seq, bytes: new Uint8Array(u.update), writerUserId: u.writer_user_id, createdAt: u.created_at })),
    };
  }

  /** One page of a document's stored updates, newest first, without their bytes. */
  updateHistory(conversationId: string, limit: number, offset: number): StoredUpdateInfo[] {
    const rows = this.db
      .prepare(
        `SELECT seq, length("update") AS bytes, writer_user_id, created_at FROM doc_updates
         WHERE conversation_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(conversationId, limit, offset) as Array<{ seq: number; bytes: number; writer_user_id: string | null; created_at: number }>;
    return rows.map((r) => ({ seq: r.seq, bytes: r.bytes, writerUserId: r.writer_user_id, createdAt: r.created_at }));
  }

  /** Every document with anything stored (a snapshot or updates). */
  storedDocumentIds(): string[] {
    return this.db
      .prepare('SELECT conversation_id FROM doc_snapshots UNION SELECT conversation_id FROM doc_updates ORDER BY 1')
      .pluck()
      .all() as string[];
  }
}

/** A stored update without its bytes. */
export interface StoredUpdateInfo {
  seq: number;
  bytes: number;
  /** Null for the server's own writes. */
  writerUserId: string | null;
  createdAt: number;
}

/** A document's stored rows, in order. */
export interface StoredRows {
  snapshot: { seq: number; bytes: Uint8Array; updatedAt: number } | null;
  updates: Array<Omit<StoredUpdateInfo, 'bytes'> & { bytes: Uint8Array }>;
}

/** Merges a snapshot row and the update rows after it; null when there is nothing to fold. */
export function foldStored(snap: { seq: number; snapshot: Uint8Array } | undefined, rows: ReadonlyArray<{ seq: number; update: Uint8Array }>): FoldedDoc | null {
  const last = rows.at(-1);
  if (!last) return null;
  const parts = rows.map((r) => new Uint8Array(r.update));
  if (snap) parts.unshift(new Uint8Array(snap.snapshot));
  return { baseSeq: snap?.seq ?? 0, lastSeq: last.seq, folded: rows.length, snapshot: Y.mergeUpdates(parts) };
}

/** A Buffer's bytes as a plain Uint8Array over the same memory. */
function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
