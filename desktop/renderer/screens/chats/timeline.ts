import type * as Y from 'yjs';
import { conversationRoots, validMessage, withEdit, type EditRecord, type MessageRecord, type MessageView } from '../../../../shared/doc/index.js';

/** How many of the newest messages a lookup scans before it builds an index of them all. */
const RECENT = 2000;

/** What one change of the doc did to the timeline. */
export interface TimelineChange {
  /** Messages appended at the end by this change, in order (new arrivals). */
  appended: MessageView[];
  /** The transaction's origin (the provider for messages from the server). */
  origin: unknown;
}

/**
 * The messages of a conversation doc as readers see them, kept up to date change by change: an
 * append costs the appended messages, an edit the edited one, instead of re-reading (and
 * re-validating) every message of the `messages` array on each update. Views (edits applied) are
 * built when first asked for, so opening a long history validates it once and builds only the
 * rows on screen.
 *
 * Doc index = position in the `messages` Y.Array (what receipts are measured in); view index =
 * position among the valid messages shown. They are the same unless the doc holds invalid entries.
 */
export class Timeline {
  /** Bumped on every change; readers use it to know when to look again. */
  version = 0;
  /** Mirror of the `messages` array, validated (null: an invalid entry, not shown). */
  private records: Array<MessageRecord | null> = [];
  /** Views built so far, by doc index. */
  private views: Array<MessageView | undefined> = [];
  /** id → doc index, built on the first lookup that a short scan from the end cannot answer. */
  private docIndex: Map<string, number> | null = null;
  private invalid = 0;
  /** Doc indexes of the shown messages; null while every entry is valid (view index = doc index). */
  private shown: number[] | null = null;
  private shownIndex: Map<string, number> | null = null;
  private readonly listeners = new Set<(change: TimelineChange) => void>();
  private readonly roots;

  constructor(doc: Y.Doc, private readonly now: () => number = Date.now) {
    this.roots = conversationRoots(doc);
    this.insert(0, this.roots.messages.toArray());
    this.refreshShown();
    this.roots.messages.observe(this.onMessages);
    this.roots.edits.observe(this.onEdits);
  }

  /** Number of messages shown. */
  get length(): number {
    return this.shown ? this.shown.length : this.records.length;
  }

  /** The shown message at view index `i` (negative counts from the end). */
  at(i: number): MessageView | undefined {
    const index = i < 0 ? this.length + i : i;
    if (index < 0 || index >= this.length) return undefined;
    return this.view(this.shown ? (this.shown[index] as number) : index);
  }

  /** The id of the shown message at view index `i`, without building its view (list keys). */
  idAt(i: number): string | undefined {
    return (this.shown ? this.records[this.shown[i] as number] : this.records[i])?.id;
  }

  /** The shown message with `id`. */
  byId(id: string): MessageView | undefined {
    const i = this.docIndexOf(id);
    return i === undefined ? undefined : this.view(i);
  }

  /** View index of the message `id`, or -1. */
  viewIndexOf(id: string): number {
    return (this.shownIndex ? this.shownIndex.get(id) : this.docIndexOf(id)) ?? -1;
  }

  /**
   * Doc index of `id` (an IndexLookup for the shared receipt helpers). What is looked up is nearly
   * always recent (receipts, replies), so a short scan from the end answers without an index of
   * the whole history; the index is built the first time that is not enough.
   */
  readonly docIndexOf = (id: string): number | undefined => {
    if (this.docIndex) return this.docIndex.get(id);
    for (let i = this.records.length - 1; i >= Math.max(0, this.records.length - RECENT); i--) {
      if (this.records[i]?.id === id) return i;
    }
    if (this.records.length <= RECENT) return undefined;
    this.docIndex = new Map();
    this.reindexFrom(0);
    return this.docIndex.get(id);
  };

  /** First shown message after doc index `after` for which `test` holds, as a view index; -1 if none. */
  findAfter(after: number, test: (m: MessageRecord) => boolean): number {
    for (let i = Math.max(0, after + 1); i < this.records.length; i++) {
      const m = this.records[i];
      if (m && test(m)) return this.shown ? this.viewIndexOf(m.id) : i;
    }
    return -1;
  }

  /** How many shown messages after doc index `after` pass `test`. */
  countAfter(after: number, test: (m: MessageRecord) => boolean): number {
    let n = 0;
    for (let i = Math.max(0, after + 1); i < this.records.length; i++) {
      const m = this.records[i];
      if (m && test(m)) n++;
    }
    return n;
  }

  /** Calls `listener` after every change of the messages or their edits; returns the unsubscribe. */
  subscribe(listener: (change: TimelineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the doc. */
  destroy(): void {
    this.roots.messages.unobserve(this.onMessages);
    this.roots.edits.unobserve(this.onEdits);
    this.listeners.clear();
  }

  private view(docIndex: number): MessageView | undefined {
    const cached = this.views[docIndex];
    if (cached) return cached;
    const record = this.records[docIndex];
    if (!record) return undefined;
    const view = withEdit(record, this.roots.edits.get(record.id));
    this.views[docIndex] = view;
    return view;
  }

  private readonly onMessages = (event: Y.YArrayEvent<MessageRecord>, tr: Y.Transaction) => {
    const before = this.records.length;
    let pos = 0;
    let firstMoved = Infinity;
    for (const d of event.changes.delta) {
      if (d.retain !== undefined) pos += d.retain;
      else if (d.insert !== undefined) {
        const items = d.insert as unknown[];
        if (pos < this.records.length) firstMoved = Math.min(firstMoved, pos);
        this.insert(pos, items);
        pos += items.length;
      } else if (d.delete !== undefined) {
        firstMoved = Math.min(firstMoved, pos);
        this.remove(pos, d.delete);
      }
    }
    // Appends only index what they added; anything else shifts the messages after it.
    this.reindexFrom(Math.min(firstMoved, before));
    this.refreshShown();
    const appended: MessageView[] = [];
    if (firstMoved === Infinity) {
      for (let i = before; i < this.records.length; i++) {
        const view = this.view(i);
        if (view) appended.push(view);
      }
    }
    this.changed({ appended, origin: tr.origin });
  };

  private readonly onEdits = (event: Y.YMapEvent<EditRecord>, tr: Y.Transaction) => {
    let touched = false;
    for (const id of event.keysChanged) {
      const i = this.docIndexOf(id);
      if (i === undefined) continue;
      this.views[i] = undefined; // rebuilt with the new edit when next shown
      touched = true;
    }
    if (touched) this.changed({ appended: [], origin: tr.origin });
  };

  private insert(pos: number, items: unknown[]): void {
    const now = this.now();
    const records = items.map((raw) => validMessage(raw, now));
    for (const r of records) if (!r) this.invalid++;
    if (pos === this.records.length) {
      // one by one: spreading 100,000 arguments would overflow the stack
      for (const r of records) this.records.push(r);
      this.views.length = this.records.length;
    } else {
      this.records = [...this.records.slice(0, pos), ...records, ...this.records.slice(pos)];
      this.views = [...this.views.slice(0, pos), ...new Array<undefined>(records.length), ...this.views.slice(pos)];
    }
  }

  private remove(pos: number, count: number): void {
    for (const r of this.records.slice(pos, pos + count)) {
      if (r) this.docIndex?.delete(r.id);
      else this.invalid--;
    }
    this.records.splice(pos, count);
    this.views.splice(pos, count);
  }

  private reindexFrom(from: number): void {
    const index = this.docIndex;
    if (!index) return;
    for (let i = from; i < this.records.length; i++) {
      const r = this.records[i];
      if (r) index.set(r.id, i);
    }
  }

  private refreshShown(): void {
    if (this.invalid === 0) {
      this.shown = null;
      this.shownIndex = null;
      return;
    }
    // Rare (a replica holding invalid writes): list the valid ones again.
    this.shown = [];
    this.shownIndex = new Map();
    for (let i = 0; i < this.records.length; i++) {
      const r = this.records[i];
      if (!r) continue;
      this.shownIndex.set(r.id, this.shown.length);
      this.shown.push(i);
    }
  }

  private changed(change: TimelineChange): void {
    this.version++;
    for (const listener of this.listeners) listener(change);
  }
}
