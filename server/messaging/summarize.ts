import type * as Y from 'yjs';
import { conversationRoots, isSystemMessage, receiptPositions, type EditRecord, type MessageRecord, type ReceiptPosition } from '../../shared/doc/index.js';
import type { ConversationSummary, IndexedLastMessage } from './index-store.js';

/** True for a `messages` entry written by a person (system messages and odd shapes are not). */
export function isPersonMessage(m: unknown): m is MessageRecord {
  return typeof m === 'object' && m !== null && typeof (m as { author?: unknown }).author === 'string' && !isSystemMessage(m as { author: string });
}

/** True when an `edits` value marks its message deleted (whatever else it holds). */
export function isDeletedEdit(edit: unknown): boolean {
  return (edit as { deleted?: unknown } | null | undefined)?.deleted === true;
}

/** `m` as the index keeps the last message: its edit applied, no text once deleted. */
export function indexedLast(m: MessageRecord, edits: Y.Map<EditRecord>): IndexedLastMessage {
  const deleted = isDeletedEdit(edits.get(m.id));
  const text = deleted ? null : (edits.get(m.id)?.text ?? m.text);
  return { id: m.id, author: m.author, text, createdAt: m.createdAt, deleted };
}

/** Members grouped by the index of the message they read up to (-1: none), each member once. */
export function readersAt(positions: Map<string, ReceiptPosition>, memberIds: Iterable<string>): Map<number, string[]> {
  const waiting = new Map<number, string[]>();
  for (const userId of new Set(memberIds)) {
    const read = positions.get(userId)?.read ?? -1;
    const at = waiting.get(read);
    if (at) at.push(userId);
    else waiting.set(read, [userId]);
  }
  return waiting;
}

/**
 * The index rows of one document: message count and last message (people's messages only), and
 * for each member their read position and unread count (others' messages after it, not deleted).
 * One pass from the newest message back, so O(messages + members). The reference the incremental
 * index (index-state.ts) must always agree with.
 */
export function summarize(doc: Y.Doc, memberIds: Iterable<string>): ConversationSummary {
  const { messages, edits } = conversationRoots(doc);
  const all = messages.toArray();
  const waiting = readersAt(receiptPositions(doc), memberIds);
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
    if (!isPersonMessage(m)) continue;
    messageCount++;
    last ??= indexedLast(m, edits);
    if (isDeletedEdit(edits.get(m.id))) continue;
    total++;
    byAuthor.set(m.author, (byAuthor.get(m.author) ?? 0) + 1);
  }
  return { messageCount, last, reads };
}
