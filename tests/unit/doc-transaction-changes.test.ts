import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletedValues, insertedValues } from '../../shared/doc/transaction-changes.js';

/** What a transaction inserted or deleted, compared with what Yjs's own (O(history)) event.changes says. */
function observed(array: Y.Array<unknown>) {
  const seen: Array<{ inserted: unknown[]; deleted: unknown[]; expectedInserted: unknown[]; expectedDeleted: unknown[] }> = [];
  array.observe((e) => {
    seen.push({
      inserted: insertedValues(e.transaction, array),
      deleted: deletedValues(e.transaction, array),
      expectedInserted: [...e.changes.added].flatMap((i) => i.content.getContent()),
      expectedDeleted: [...e.changes.deleted].flatMap((i) => i.content.getContent()),
    });
  });
  return seen;
}

const sorted = (values: unknown[]) => [...values].map((v) => JSON.stringify(v)).sort();

describe('transaction changes', () => {
  it('finds local inserts at the end and in the middle, and deletions', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>('a');
    array.push([1, 2, 3]);
    const seen = observed(array);
    doc.transact(() => {
      array.insert(1, ['x']);
      array.push([{ id: 'y' }]);
      array.delete(3, 1);
    });
    expect(seen).toHaveLength(1);
    const [t] = seen;
    expect(sorted(t!.inserted)).toEqual(sorted(t!.expectedInserted));
    expect(sorted(t!.deleted)).toEqual(sorted(t!.expectedDeleted));
    expect(sorted(t!.inserted)).toEqual(sorted(['x', { id: 'y' }]));
    expect(t!.deleted).toEqual([3]);
  });

  it('finds what a remote update from several clients added, and ignores other types', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const c = new Y.Doc();
    b.getArray('a').push(['b1']);
    c.getArray('a').push(['c1', 'c2']);
    c.getMap('other').set('k', 'not in a');
    const seen = observed(a.getArray('a'));
    Y.applyUpdate(a, Y.mergeUpdates([Y.encodeStateAsUpdate(b), Y.encodeStateAsUpdate(c)]));
    expect(sorted(seen[0]!.inserted)).toEqual(sorted(['b1', 'c1', 'c2']));
    expect(seen[0]!.deleted).toEqual([]);
  });

  it('does not count what was inserted and deleted in the same transaction', () => {
    const doc = new Y.Doc();
    const array = doc.getArray<unknown>('a');
    const seen = observed(array);
    doc.transact(() => {
      array.push(['kept', 'dropped']);
      array.delete(1, 1);
    });
    expect(seen[0]!.inserted).toEqual(['kept']);
    expect(seen[0]!.inserted).toEqual(seen[0]!.expectedInserted);
  });
});
