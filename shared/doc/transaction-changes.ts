import * as Y from 'yjs';

/* eslint-disable @typescript-eslint/no-explicit-any -- any Yjs type (its event type parameter varies) */

/**
 * What one transaction inserted into or deleted from a type, found from the transaction's own
 * clocks and delete set. Yjs's `event.changes` walks every item of the type instead, which made
 * each update cost O(history) in large documents.
 */

/** Per transaction and type, what was already worked out: several observers ask about one transaction. */
const computed = new WeakMap<Y.Transaction, Map<Y.AbstractType<any>, { inserted?: unknown[]; deleted?: unknown[] }>>();

function memo(transaction: Y.Transaction, type: Y.AbstractType<any>) {
  let byType = computed.get(transaction);
  if (!byType) computed.set(transaction, (byType = new Map()));
  let entry = byType.get(type);
  if (!entry) byType.set(type, (entry = {}));
  return entry;
}

/** JSON values `transaction` inserted into `type` (grouped by client, in clock order), not deleted since. */
export function insertedValues(transaction: Y.Transaction, type: Y.AbstractType<any>): unknown[] {
  const entry = memo(transaction, type);
  return (entry.inserted ??= scanInserted(transaction, type));
}

function scanInserted(transaction: Y.Transaction, type: Y.AbstractType<any>): unknown[] {
  const values: unknown[] = [];
  transaction.afterState.forEach((after, client) => {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = transaction.doc.store.clients.get(client);
    if (after <= before || !structs) return;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i];
      if (!(s instanceof Y.Item) || s.parent !== type || s.deleted || !(s.content instanceof Y.ContentAny)) continue;
      values.push(...s.content.arr.slice(Math.max(0, before - s.id.clock)));
    }
  });
  return values;
}

/** JSON values of `type` that `transaction` deleted (their content is still readable in observers). */
export function deletedValues(transaction: Y.Transaction, type: Y.AbstractType<any>): unknown[] {
  const entry = memo(transaction, type);
  return (entry.deleted ??= scanDeleted(transaction, type));
}

function scanDeleted(transaction: Y.Transaction, type: Y.AbstractType<any>): unknown[] {
  const values: unknown[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (s) => {
    if (s instanceof Y.Item && s.parent === type && s.content instanceof Y.ContentAny) values.push(...s.content.arr);
  });
  return values;
}

/** True when `transaction` has so far deleted an item of `type`; safe mid-transaction (nothing is memoised or split). */
export function hasDeletesIn(transaction: Y.Transaction, type: Y.AbstractType<any>): boolean {
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const structs = transaction.doc.store.clients.get(client);
    if (!structs) continue;
    for (const { clock, len } of ranges) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && (structs[i] as Y.AbstractStruct).id.clock < clock + len; i++) {
        const s = structs[i];
        if (s instanceof Y.Item && s.parent === type) return true;
      }
    }
  }
  return false;
}
