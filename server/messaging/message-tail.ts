import * as Y from 'yjs';
import type { MessageRecord } from '../../shared/doc/index.js';

/**
 * The newest entries of a `messages` array, read backwards from its last Yjs item on demand and
 * never below `floor`. Y.Array#get walks from a search marker and costs tens of times more per
 * entry than toArray, so a flush that looks at the recent messages walks items instead.
 */
export class MessageTail {
  /** Entries read so far, newest first: newestFirst[k] sits at index length - 1 - k. */
  private readonly newestFirst: unknown[] = [];
  /** Newest index of each id read so far. */
  private readonly indexes = new Map<unknown, number>();
  /** Next item to read (leftwards), null once the start is reached. */
  private next: Y.Item | null;
  /** Values of the item being read, and how many of them (from its start) are still unread. */
  private values: unknown[] = [];
  private unread = 0;

  /** `last` is the array's rightmost item (live or deleted), `length` its entry count. */
  constructor(
    last: Y.Item | null,
    readonly length: number,
    readonly floor: number,
  ) {
    this.next = last;
  }

  /** The entry at `index` (floor ≤ index < length); undefined elsewhere. */
  at(index: number): unknown {
    return index < this.length && this.readTo(index) ? this.newestFirst[this.length - 1 - index] : undefined;
  }

  /** Index of the newest entry with this id at or above the floor, or undefined. */
  indexOf(id: unknown): number | undefined {
    while (!this.indexes.has(id) && this.readTo(this.length - this.newestFirst.length - 1));
    return this.indexes.get(id);
  }

  /** Reads items until `index` is known; false when it lies below the floor or the start. */
  private readTo(index: number): boolean {
    if (index < this.floor) return false;
    // Value by value: one client's consecutive messages merge into one item, which may hold thousands.
    while (this.length - this.newestFirst.length > index) {
      if (this.unread > 0) {
        this.push(this.values[--this.unread]);
        continue;
      }
      const item = this.next;
      if (item === null) return false;
      this.next = item.left;
      if (item.deleted || !item.countable) continue;
      this.values = item.content.getContent();
      this.unread = this.values.length;
    }
    return true;
  }

  private push(value: unknown): void {
    const index = this.length - 1 - this.newestFirst.length;
    this.newestFirst.push(value);
    const id = (value as { id?: unknown } | null)?.id;
    if (id !== undefined && !this.indexes.has(id)) this.indexes.set(id, index);
  }
}

/**
 * The rightmost item of `messages` (null: it has none), walking right from `hint` (the last unit
 * of what was its rightmost item) or from its start; undefined when the hint is not one of its items.
 */
export function lastItem(doc: Y.Doc, messages: Y.Array<MessageRecord>, hint: Y.ID | null): Y.Item | null | undefined {
  let item: Y.Item | null = messages._start;
  if (hint !== null) {
    if (!doc.store.clients.has(hint.client)) return undefined;
    const found = Y.getItem(doc.store, hint) as unknown;
    if (!(found instanceof Y.Item) || found.parent !== messages) return undefined;
    item = found;
  }
  while (item?.right) item = item.right;
  return item;
}
