import type * as Y from 'yjs';
import { conversationRoots, receiptKeyUser, type EditRecord, type MessageRecord, type ReceiptRecord } from '../../shared/doc/index.js';
import { deletedValues, insertedValues } from '../../shared/doc/transaction-changes.js';

/** What changed in a conversation document since it was last taken. */
export interface DocChanges {
  /** Entries inserted into `messages`: the very values the array holds (compared by identity). */
  inserted: Set<unknown>;
  /** Some entry left `messages`: positions moved. */
  removed: boolean;
  /** Message id → its `edits` value before the first change (undefined: there was none). */
  editedBefore: Map<string, unknown>;
  /** Users whose receipts changed. */
  receiptUsers: Set<string>;
}

/** Collects a document's changes from now on (until `stop()`); `take()` hands them over and starts afresh. */
export interface ChangeWatch {
  take(): DocChanges;
  stop(): void;
}

const none = (): DocChanges => ({ inserted: new Set(), removed: false, editedBefore: new Map(), receiptUsers: new Set() });

/**
 * Observes the three roots of `doc`. Observers run when each transaction ends, before the sync
 * server appends and announces the update, so a flush sees every change its document holds.
 * Only the transaction's own structs are looked at (transaction-changes.ts), never the history.
 */
export function watchChanges(doc: Y.Doc): ChangeWatch {
  const { messages, edits, receipts } = conversationRoots(doc);
  let changes = none();
  const onMessages = (e: Y.YArrayEvent<MessageRecord>) => {
    if (deletedValues(e.transaction, messages).length > 0) changes.removed = true;
    for (const value of insertedValues(e.transaction, messages)) changes.inserted.add(value);
  };
  const onEdits = (e: Y.YMapEvent<EditRecord>) => {
    for (const [id, change] of e.keys) if (!changes.editedBefore.has(id)) changes.editedBefore.set(id, change.oldValue);
  };
  const onReceipts = (e: Y.YMapEvent<ReceiptRecord>) => {
    for (const key of e.keysChanged) {
      const user = typeof key === 'string' ? receiptKeyUser(key) : null;
      if (user !== null) changes.receiptUsers.add(user);
    }
  };
  messages.observe(onMessages);
  edits.observe(onEdits);
  receipts.observe(onReceipts);
  return {
    take: () => {
      const taken = changes;
      changes = none();
      return taken;
    },
    stop: () => {
      messages.unobserve(onMessages);
      edits.unobserve(onEdits);
      receipts.unobserve(onReceipts);
    },
  };
}
