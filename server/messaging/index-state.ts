import type * as Y from 'yjs';
import { conversationRoots, receiptKeyUser, receiptPositions, type ConversationRoots, type EditRecord, type MessageRecord } from '../../shared/doc/index.js';
import { lastUnit } from '../../shared/doc/message-index.js';
import type { DocChanges } from './doc-changes.js';
import type { ConversationSummary } from './index-store.js';
import { lastItem, MessageTail } from './message-tail.js';
import { indexedLast, isDeletedEdit, isPersonMessage, readersAt } from './summarize.js';

/** A member's read position: index in `messages` (-1: none) and how many live messages of others lie at or before it. */
interface ReadPosition {
  index: number;
  messageId: string | null;
  othersSeen: number;
}

/**
 * What the index needs of one conversation, kept current from its document's changes so that a
 * flush costs what changed, not the whole history: counts and per-member positions only (memory
 * O(members + authors), nothing per message). A member's unread count is
 * live − ownLive − othersSeen, so a new message costs O(1) however many members there are.
 * It relies on message ids being unique in a document (sync validation refuses duplicates).
 */
export class IndexState {
  private messageCount = 0;
  /** Person messages not deleted, in all and per author. */
  private live = 0;
  private readonly liveBy = new Map<string, number>();
  private last: MessageRecord | null = null;
  private readonly reads = new Map<string, ReadPosition>();
  /** Entries of `messages` when last brought up to date, and the id of its rightmost item then. */
  private length = 0;
  private tailId: Y.ID | null = null;

  private constructor(private readonly members: ReadonlySet<string>) {}

  /** The state of `doc` from one full scan (what `summarize` costs). */
  static scan(doc: Y.Doc, memberIds: Iterable<string>): IndexState {
    const members = new Set(memberIds);
    const state = new IndexState(members);
    const { messages, edits } = conversationRoots(doc);
    const all: unknown[] = messages.toArray();
    const order = new Map(all.map((m, i) => [(m as { id?: unknown } | null)?.id, i] as const));
    const waiting = readersAt(receiptPositions(doc, (id) => order.get(id)), members);
    for (const userId of waiting.get(-1) ?? []) state.reads.set(userId, { index: -1, messageId: null, othersSeen: 0 });
    all.forEach((m, i) => {
      if (isPersonMessage(m)) state.count(m, edits);
      for (const userId of waiting.get(i) ?? []) state.reads.set(userId, state.positionAt(i, m, userId));
    });
    state.length = all.length;
    state.tailId = lastUnit(lastItem(doc, messages, null) ?? null);
    return state;
  }

  /**
   * Applies `changes` (everything `doc` changed since the last scan or advance). False when they are
   * not ones it can apply exactly (an entry inserted before the end or removed, other members, an
   * edit or receipt naming a message older than the last `window` ones): the state is then spoiled
   * and the caller scans again.
   */
  advance(doc: Y.Doc, changes: DocChanges, memberIds: Iterable<string>, window: number): boolean {
    if (changes.removed || !this.sameMembers(memberIds)) return false;
    const roots = conversationRoots(doc);
    const length = roots.messages.length;
    if (length - this.length !== changes.inserted.size) return false;
    const last = lastItem(doc, roots.messages, this.tailId);
    if (last === undefined) return false;
    const tail = new MessageTail(last, length, Math.max(0, this.length - window));
    const appended: MessageRecord[] = [];
    for (let i = this.length; i < length; i++) {
      const m = tail.at(i);
      // Every new entry must be at the end (old ones keep their index) and be a record.
      if (typeof m !== 'object' || m === null || !changes.inserted.has(m)) return false;
      appended.push(m as MessageRecord);
    }
    const appendedIds = new Set<unknown>(appended.map((m) => m.id));
    if (!this.applyEdits(changes.editedBefore, appendedIds, tail, roots)) return false;
    for (const m of appended) if (isPersonMessage(m)) this.count(m, roots.edits);
    for (const [userId, ids] of this.readIds(roots, changes.receiptUsers, appendedIds)) {
      if (!this.moveReader(userId, ids, tail, roots)) return false;
    }
    this.length = length;
    this.tailId = lastUnit(last);
    return true;
  }

  /** The index rows, as `summarize` would give them. */
  summary(doc: Y.Doc): ConversationSummary {
    const { edits } = conversationRoots(doc);
    const reads = new Map<string, { readMessageId: string | null; unread: number }>();
    for (const [userId, p] of this.reads) reads.set(userId, { readMessageId: p.messageId, unread: this.live - this.liveOf(userId) - p.othersSeen });
    return { messageCount: this.messageCount, last: this.last && indexedLast(this.last, edits), reads };
  }

  /** True when `memberIds` are the members this state was scanned for (O(members), no sorting). */
  private sameMembers(memberIds: Iterable<string>): boolean {
    const now = new Set(memberIds);
    if (now.size !== this.members.size) return false;
    for (const id of now) if (!this.members.has(id)) return false;
    return true;
  }

  /** Counts a person message newer than every counted one. */
  private count(m: MessageRecord, edits: Y.Map<EditRecord>): void {
    this.messageCount++;
    this.last = m;
    if (!isDeletedEdit(edits.get(m.id))) this.addLive(m.author, 1);
  }

  private addLive(author: string, step: number): void {
    this.live += step;
    this.liveBy.set(author, this.liveOf(author) + step);
  }

  private liveOf(userId: string): number {
    return this.liveBy.get(userId) ?? 0;
  }

  /** `userId` reading up to entry `index` (`m`), with the counts as they stand up to that entry. */
  private positionAt(index: number, m: unknown, userId: string, othersAfter = 0): ReadPosition {
    const messageId = (m as { id?: string } | null)?.id ?? null;
    return { index, messageId, othersSeen: this.live - this.liveOf(userId) - othersAfter };
  }

  /** Deletions (and restorations) of messages counted before: live counts, and the positions at or after them. */
  private applyEdits(editedBefore: Map<string, unknown>, appendedIds: Set<unknown>, tail: MessageTail, { edits }: ConversationRoots): boolean {
    for (const [id, before] of editedBefore) {
      if (appendedIds.has(id)) continue;
      const deleted = isDeletedEdit(edits.get(id));
      if (deleted === isDeletedEdit(before)) continue;
      const index = tail.indexOf(id);
      if (index === undefined) return false;
      const m = tail.at(index);
      if (!isPersonMessage(m)) continue;
      const step = deleted ? -1 : 1;
      this.addLive(m.author, step);
      for (const [userId, p] of this.reads) if (p.index >= index && userId !== m.author) p.othersSeen += step;
    }
    return true;
  }

  /** Read ids of each member whose receipts changed or name a message just appended. */
  private readIds({ receipts }: ConversationRoots, changed: Set<string>, appendedIds: Set<unknown>): Map<string, unknown[]> {
    const ids = new Map<string, unknown[]>();
    for (const userId of changed) if (this.reads.has(userId)) ids.set(userId, []);
    if (ids.size === 0 && appendedIds.size === 0) return ids;
    const named: Array<[string, unknown]> = [];
    receipts.forEach((receipt: unknown, key) => {
      const userId = receiptKeyUser(key);
      if (userId === null || !this.reads.has(userId) || receipt === null || typeof receipt !== 'object') return;
      const readId = (receipt as { readMessageId?: unknown }).readMessageId;
      if (readId === undefined) return;
      if (appendedIds.has(readId) && !ids.has(userId)) ids.set(userId, []);
      named.push([userId, readId]);
    });
    for (const [userId, readId] of named) ids.get(userId)?.push(readId);
    return ids;
  }

  /**
   * Moves a member to the furthest of their read ids. An id not found among the recent entries
   * is older or absent, so it only matters when no id is found: then the position is exact only
   * when every id is the current one.
   */
  private moveReader(userId: string, ids: unknown[], tail: MessageTail, { edits }: ConversationRoots): boolean {
    const current = this.reads.get(userId) as ReadPosition;
    let index = -1;
    let unknown = false;
    for (const id of ids) {
      const found = tail.indexOf(id);
      if (found !== undefined) index = Math.max(index, found);
      else if (id !== current.messageId) unknown = true;
    }
    if (index < 0 && ids.length > 0) {
      if (unknown) return false;
      index = current.index;
    }
    if (index === current.index) return true;
    if (index < 0) {
      this.reads.set(userId, { index: -1, messageId: null, othersSeen: 0 });
      return true;
    }
    let othersAfter = 0;
    for (let i = index + 1; i < tail.length; i++) {
      const m = tail.at(i);
      if (isPersonMessage(m) && m.author !== userId && !isDeletedEdit(edits.get(m.id))) othersAfter++;
    }
    this.reads.set(userId, this.positionAt(index, tail.at(index), userId, othersAfter));
    return true;
  }
}
