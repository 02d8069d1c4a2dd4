import * as Y from 'yjs';
import type { MessageRecord } from './schema.js';
import { deletedValues, hasDeletesIn, insertedValues } from './transaction-changes.js';

/**
 * Per `messages` array: message id → stored record and → position, so finding a message, the
 * duplicate check and receipt positions cost O(1) instead of a scan of the history. Records are
 * built by one scan on first use and follow every change through an observer. Positions are built
 * by one walk when first asked for (a client that keeps its own never pays for them), follow
 * appends (the usual change) by walking on from the last item seen, and are walked again only
 * after what shifts them: an entry removed, or one merged in before the end (an offline replica's).
 */
export class MessageIndex {
  private readonly records = new Map<string, MessageRecord>();
  private readonly positions = new Map<string, number>();
  /** Live entries positioned so far. */
  private positioned = 0;
  /** Last unit of the rightmost item when last positioned (null: the array had no item). */
  private tail: Y.ID | null = null;
  /** Positions must be walked again from the start (true until first asked for). */
  private stale = true;
  private walks = 0;
  /** Transactions positions were walked from the start in (weakly held). */
  private readonly walkedIn = new WeakSet<Y.Transaction>();

  private constructor(
    private readonly doc: Y.Doc,
    private readonly messages: Y.Array<MessageRecord>,
  ) {
    this.messages.forEach((m) => remember(this.records, m));
    this.messages.observe((event) => {
      const deleted = deletedValues(event.transaction, this.messages);
      for (const m of deleted) forget(this.records, m);
      for (const m of insertedValues(event.transaction, this.messages)) remember(this.records, m);
      if (deleted.length > 0) this.stale = true;
    });
  }

  /** The index of `messages` (of `doc`), created on first use. */
  static of(doc: Y.Doc, messages: Y.Array<MessageRecord>): MessageIndex {
    let index = indexes.get(messages);
    if (!index) indexes.set(messages, (index = new MessageIndex(doc, messages)));
    return index;
  }

  /** Walks of the whole array so far (the first use, then only after what shifts positions). */
  get fullWalks(): number {
    return this.walks;
  }

  /** The stored record with `id` (the first one, should ids repeat). */
  record(id: string): MessageRecord | undefined {
    return this.records.get(id);
  }

  /** Records a message the current transaction appended: its observer runs only when the transaction ends. */
  appended(m: MessageRecord): void {
    remember(this.records, m);
  }

  /** Position of `id` in `messages`, or undefined. */
  position(id: string): number | undefined {
    if (!this.stale && this.positioned !== this.messages.length) this.walkOn();
    if (this.stale || this.removingNow()) this.rebuild();
    return this.positions.get(id);
  }

  /** Inside a transaction that removed entries (its observer has not run yet), unless walked in it already. */
  private removingNow(): boolean {
    const t = this.doc._transaction;
    return t !== null && !this.walkedIn.has(t) && hasDeletesIn(t, this.messages);
  }

  private rebuild(): void {
    this.walks++;
    if (this.doc._transaction !== null) this.walkedIn.add(this.doc._transaction);
    this.positions.clear();
    this.positioned = 0;
    this.tail = null;
    this.stale = false;
    this.walk(this.messages._start, 0);
  }

  /** Positions what was appended since the last walk; anything else makes the positions stale. */
  private walkOn(): void {
    if (this.tail === null) this.walk(this.messages._start, 0);
    else {
      const item = Y.getItem(this.doc.store, this.tail) as unknown;
      if (!(item instanceof Y.Item) || item.parent !== this.messages || item.deleted) this.stale = true;
      else this.walk(item, this.tail.clock - item.id.clock + 1);
    }
    // Entries that are not to the right of the old tail were merged in before it.
    if (this.positioned !== this.messages.length) this.stale = true;
  }

  /** Positions the live values from `item` (skipping its first `skip` units) to the end of the array. */
  private walk(item: Y.Item | null, skip: number): void {
    for (let offset = skip; item !== null; item = item.right, offset = 0) {
      this.tail = lastUnit(item);
      if (item.deleted || !item.countable) continue;
      const values = item.content.getContent();
      for (let i = offset; i < values.length; i++) {
        const id = (values[i] as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && !this.positions.has(id)) this.positions.set(id, this.positioned);
        this.positioned++;
      }
    }
  }
}

const indexes = new WeakMap<Y.Array<MessageRecord>, MessageIndex>();

function remember(records: Map<string, MessageRecord>, m: unknown): void {
  const id = (m as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && !records.has(id)) records.set(id, m as MessageRecord);
}

function forget(records: Map<string, MessageRecord>, m: unknown): void {
  const id = (m as { id?: unknown } | null)?.id;
  if (typeof id === 'string' && records.get(id) === m) records.delete(id);
}

/** The id of an item's last unit: stays inside whatever item holds it after merges and splits. */
export function lastUnit(item: Y.Item | null): Y.ID | null {
  return item === null ? null : Y.createID(item.id.client, item.id.clock + item.length - 1);
}
