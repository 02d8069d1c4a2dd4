import type * as Y from 'yjs';
import type { Db } from '../db/database.js';
import { summarize } from '../messaging/indexer.js';
import { SyncStore, type StoredRows } from '../sync/persistence.js';
import { decodeDocument } from './conversation-decoder.js';
import { ConversationsAdminStore, type IndexRows } from './conversations-admin-store.js';
import { rebuildDocument } from './stored-document.js';

/** What `verify` found: problems make it fail; notes do not. */
export interface VerifyReport {
  documents: number;
  problems: string[];
  notes: string[];
}

/**
 * Checks everything stored for conversations: every snapshot and update row decodes and the
 * updates of each document apply without missing dependencies, every message matches the schema,
 * and the derived index (message count, last message, each member's read position and unread
 * count) equals what the document gives. An index older than the newest stored update is only
 * behind (the running server catches it up), which is noted, not failed.
 */
export function verifyStorage(db: Db): VerifyReport {
  const docs = new SyncStore(db);
  const store = new ConversationsAdminStore(db);
  const conversations = new Set(store.ids());
  const ids = [...new Set([...conversations, ...docs.storedDocumentIds()])];
  const report: VerifyReport = { documents: ids.length, problems: [], notes: [] };
  for (const id of ids) {
    const rows = docs.rows(id);
    const { doc, problems } = rebuildDocument(rows);
    try {
      report.problems.push(...problems.map((p) => `${id}: ${p}`));
      const unreadable = decodeDocument(doc, () => null).unreadable;
      if (unreadable > 0) report.problems.push(`${id}: ${unreadable} message(s) do not match the schema`);
      // Other rooms (a user's inbox) only need to decode; the index covers conversations.
      if (!conversations.has(id)) continue;
      const index = store.indexRows(id);
      const mismatches = indexMismatches(doc, store.members(id).map((m) => m.user_id), index);
      if (mismatches.length === 0) continue;
      const behind = indexBehind(rows, index);
      (behind ? report.notes : report.problems).push(...mismatches.map((m) => `${id}: index ${behind ? 'behind the document' : 'differs'}: ${m}`));
    } finally {
      doc.destroy();
    }
  }
  return report;
}

/** True when an update was stored after the index row was written (the server has yet to index it). */
function indexBehind(rows: StoredRows, stored: IndexRows): boolean {
  const at = stored.index?.updated_at ?? -1;
  return rows.updates.some((u) => u.createdAt > at);
}

/** How the stored index rows differ from the document's summary. */
function indexMismatches(doc: Y.Doc, memberIds: string[], stored: IndexRows): string[] {
  const expected = summarize(doc, memberIds);
  const out: string[] = [];
  const differs = (what: string, want: unknown, have: unknown) => {
    if (want !== have) out.push(`${what} is ${JSON.stringify(have)}, the document gives ${JSON.stringify(want)}`);
  };
  if (!stored.index) {
    if (expected.last !== null || expected.messageCount > 0) out.push('no index row for a conversation with messages');
    return out;
  }
  differs('message count', expected.messageCount, stored.index.message_count);
  differs('last message', expected.last?.id ?? null, stored.index.last_message_id);
  differs('last message text', expected.last?.text ?? null, stored.index.last_message_text);
  differs('last message deleted', expected.last?.deleted ? 1 : 0, stored.index.last_message_deleted);
  const reads = new Map(stored.reads.map((r) => [r.user_id, r]));
  for (const [userId, want] of expected.reads) {
    const have = reads.get(userId);
    reads.delete(userId);
    differs(`read position of ${userId}`, want.readMessageId, have?.read_message_id ?? null);
    differs(`unread count of ${userId}`, want.unread, have?.unread_count);
  }
  for (const userId of reads.keys()) out.push(`read row for ${userId}, who is not a member`);
  return out;
}
