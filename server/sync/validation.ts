import * as Y from 'yjs';
import {
  EditRecord,
  isPlausibleTime,
  jsonDepth,
  MAX_JSON_DEPTH,
  MessageRecord,
  ReceiptRecord,
  receiptKeyUser,
  ROOT_KINDS,
  Roots,
  type AttachmentRecord,
} from '../../shared/doc/schema.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { isPlainMessageRecord } from '../../shared/doc/conversation.js';

/**
 * The rules every incoming update must satisfy before it touches a room (ARCHITECTURE.md,
 * "Security model of the sync server"). Pure: reads the room's document, never changes it.
 */

/** What validation needs to know about the room. */
export interface RoomView {
  doc: Y.Doc;
  /** The user who owns a Yjs client id in this room, if anyone does. */
  ownerOf(client: number): string | undefined;
  /** The author of a message already in the room. */
  authorOf(messageId: string): string | undefined;
  /** Whether the conversation takes new messages now (a closed direct chat, an archived group: no). Default yes. */
  acceptsMessages?(): boolean;
  /** Whether a user currently belongs to the conversation (mentions must name members). Default: not checked. */
  isMember?(userId: string): boolean;
  /** Whether `userId` may attach this (their upload, or one already in the conversation). Default: not checked. */
  mayAttach?(userId: string, attachment: AttachmentRecord): boolean;
}

export interface ValidationLimits {
  maxUpdateBytes: number;
  /** How far one update may advance one client's clock (also caps a forged 2^52 length). */
  maxClockAdvance: number;
  now: number;
}

export type Verdict =
  | {
      ok: true;
      claims: number[];
      /** The messages it adds, as parsed (listeners use them instead of reading the document again). */
      messages: MessageRecord[];
    }
  | {
      ok: false;
      code: RefusalCode;
      reason: string;
      /** The update starts past the room's state for a client: a later update from the sender may fill the gap. */
      gap?: true;
    };

type RefusalCode = typeof CloseCode.invalidUpdate | typeof CloseCode.tooLarge | typeof CloseCode.forbidden;

class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly code: RefusalCode = CloseCode.invalidUpdate,
    readonly gap = false,
  ) {
    super(reason);
  }
}

/** A resolved insertion point: the root and (for maps) the key. */
interface Target {
  root: string;
  key: string | null;
}

/** One struct of the update, with the part the room does not have yet. */
interface NewStruct {
  item: Y.Item;
  /** Units at the start already in the room (Yjs skips them). */
  offset: number;
}

/** Decodes `update` and checks every rule for a write by `userId`; never throws. */
export function validateUpdate(update: Uint8Array, userId: string, room: RoomView, limits: ValidationLimits): Verdict {
  try {
    return { ok: true, ...check(update, userId, room, limits) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, reason: err.reason, ...(err.gap ? { gap: true as const } : {}) };
    return { ok: false, code: CloseCode.invalidUpdate, reason: 'undecodable update' };
  }
}

function check(update: Uint8Array, userId: string, room: RoomView, limits: ValidationLimits): { claims: number[]; messages: MessageRecord[] } {
  if (update.length > limits.maxUpdateBytes) throw new Refusal('update too large', CloseCode.tooLarge);
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw new Refusal('undecodable update');
  }
  const store = room.doc.store;
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const s of decoded.structs) {
    const list = byClient.get(s.id.client);
    if (list) list.push(s);
    else byClient.set(s.id.client, [s]);
  }

  const claims: number[] = [];
  const fresh: NewStruct[] = [];
  /** Per client of the update: the clock range it adds [roomState, end). */
  const added = new Map<number, { from: number; to: number; structs: Array<Y.Item | Y.GC | Y.Skip> }>();
  for (const [client, structs] of byClient) {
    const state = Y.getState(store, client);
    const first = structs[0] as Y.Item | Y.GC | Y.Skip;
    if (first.id.clock > state) throw new Refusal('clock gap: update does not start at the room state', CloseCode.invalidUpdate, true);
    let next = first.id.clock;
    for (const s of structs) {
      if (s.id.clock !== next) throw new Refusal('structs of one client are not contiguous');
      if (!Number.isSafeInteger(s.length) || s.length <= 0) throw new Refusal('bad struct length');
      next = s.id.clock + s.length;
    }
    if (next <= state) continue; // everything already known: Yjs skips it
    const owner = room.ownerOf(client);
    if (owner === undefined) {
      if (state !== 0) throw new Refusal('client id has history but no owner');
      claims.push(client);
    } else if (owner !== userId) {
      throw new Refusal('client id belongs to another user');
    }
    if (next - state > limits.maxClockAdvance) throw new Refusal('clock advance too large');
    added.set(client, { from: state, to: next, structs });
    for (const s of structs) {
      if (s.id.clock + s.length <= state) continue;
      if (s instanceof Y.Skip) throw new Refusal('update leaves a gap (skip struct)');
      if (s instanceof Y.GC) throw new Refusal('gc structs are not accepted');
      fresh.push({ item: s as Y.Item, offset: Math.max(0, state - s.id.clock) });
    }
  }

  const resolver = new TargetResolver(room, added);
  // Messages first, so edits in the same update may name messages it adds.
  const newMessages = new Map<string, string>();
  const messages: MessageRecord[] = [];
  const targets = fresh.map((f) => ({ ...f, target: resolver.targetOf(f) }));
  for (const { item, offset, target } of targets) {
    if (target.root !== 'messages' || item.content instanceof Y.ContentDeleted) continue;
    for (const value of contentValues(item, offset)) {
      // The common shape is checked by hand (exactly as the schema would); anything else by the schema.
      const message = isPlainMessageRecord(value) ? value : parseValue(MessageRecord, value, 'message');
      if (message.system !== undefined) throw new Refusal('system messages are written by the server only');
      if (message.author !== userId) throw new Refusal('message author is not the sender');
      if (!isPlausibleTime(message.createdAt, limits.now)) throw new Refusal('implausible createdAt');
      if (room.authorOf(message.id) !== undefined || newMessages.has(message.id)) throw new Refusal('duplicate message id');
      if (message.replyTo !== undefined && room.authorOf(message.replyTo) === undefined && !newMessages.has(message.replyTo)) {
        throw new Refusal('reply to an unknown message');
      }
      if (message.attachments && room.mayAttach && !message.attachments.every((a) => room.mayAttach?.(userId, a))) {
        throw new Refusal('attachment the sender may not use here');
      }
      if (message.mentions && room.isMember && !message.mentions.every((id) => room.isMember?.(id))) throw new Refusal('mention of a non-member');
      newMessages.set(message.id, message.author);
      messages.push(message);
    }
  }
  if (newMessages.size > 0 && room.acceptsMessages && !room.acceptsMessages()) {
    throw new Refusal('this conversation takes no new messages', CloseCode.forbidden);
  }
  for (const { item, offset, target } of targets) {
    if (target.root === 'messages' || item.content instanceof Y.ContentDeleted) continue;
    const values = contentValues(item, offset);
    if (values.length !== 1) throw new Refusal('a map value must be a single entry');
    const key = target.key as string;
    if (target.root === 'edits') {
      const edit = parseValue(EditRecord, values[0], 'edit');
      if (!isPlausibleTime(edit.editedAt, limits.now)) throw new Refusal('implausible editedAt');
      const author = room.authorOf(key) ?? newMessages.get(key);
      if (author !== userId) throw new Refusal('edit of a message the sender did not write');
    } else {
      if (receiptKeyUser(key) !== userId) throw new Refusal('receipt key of another user');
      const receipt = parseValue(ReceiptRecord, values[0], 'receipt');
      for (const t of [receipt.readAt, receipt.deliveredAt]) {
        if (t !== undefined && !isPlausibleTime(t, limits.now)) throw new Refusal('implausible receipt time');
      }
    }
  }

  // A step 2 carries the sender's whole delete set: others' deletions the room already has are no-ops.
  for (const [client, ranges] of decoded.ds.clients) {
    const owned = room.ownerOf(client) === userId || claims.includes(client);
    const known = Math.max(Y.getState(store, client), added.get(client)?.to ?? 0);
    for (const r of ranges) {
      if (!Number.isSafeInteger(r.clock) || !Number.isSafeInteger(r.len) || r.len <= 0 || r.clock + r.len > known) {
        throw new Refusal('delete of unknown items');
      }
      if (!owned && !alreadyDeleted(store, client, r.clock, r.len) && !overwritesOwnKeys(room, client, r.clock, r.len, userId)) {
        throw new Refusal('delete of items the sender does not own');
      }
    }
  }
  return { claims, messages };
}

/**
 * True when every live item of [clock, clock + len) of `client` is a value of an `edits` key naming
 * a message by `userId` or of a `receipts` key of `userId`: the server wrote it on their behalf
 * (REST), and replacing a map value deletes the previous one, so the user may.
 */
function overwritesOwnKeys(room: RoomView, client: number, clock: number, len: number, userId: string): boolean {
  const store = room.doc.store;
  const structs = store.clients.get(client);
  if (!structs || clock + len > Y.getState(store, client)) return false;
  const edits = room.doc.share.get(Roots.edits);
  const receipts = room.doc.share.get(Roots.receipts);
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const s = structs[i] as Y.Item | Y.GC;
    if (s.id.clock >= clock + len) break;
    if (s.deleted) continue;
    if (!(s instanceof Y.Item) || s.parentSub === null) return false;
    if (s.parent === edits && edits !== undefined) {
      if (room.authorOf(s.parentSub) !== userId) return false;
    } else if (s.parent === receipts && receipts !== undefined) {
      if (receiptKeyUser(s.parentSub) !== userId) return false;
    } else {
      return false;
    }
  }
  return true;
}

/** True when the room already holds every unit of [clock, clock + len) of `client` as deleted. */
function alreadyDeleted(store: Y.Doc['store'], client: number, clock: number, len: number): boolean {
  const structs = store.clients.get(client);
  if (!structs || clock + len > Y.getState(store, client)) return false;
  for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
    const s = structs[i] as Y.Item | Y.GC;
    if (s.id.clock >= clock + len) break;
    if (!s.deleted) return false;
  }
  return true;
}

/** The values an item adds past `offset`; only JSON values (ContentAny) are allowed. */
function contentValues(item: Y.Item, offset: number): unknown[] {
  if (!(item.content instanceof Y.ContentAny)) throw new Refusal(`content type ${item.content.constructor.name} not allowed`);
  return item.content.arr.slice(offset);
}

function parseValue<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, value: unknown, what: string): T {
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new Refusal(`${what} nested too deeply`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Refusal(`invalid ${what}`);
  return parsed.data;
}

/** Finds where each new item goes, through its origins, the update itself and the room's document. */
class TargetResolver {
  private readonly memo = new Map<Y.Item, Target>();
  private readonly resolving = new Set<Y.Item>();

  constructor(
    private readonly room: RoomView,
    private readonly added: Map<number, { from: number; to: number; structs: Array<Y.Item | Y.GC | Y.Skip> }>,
  ) {}

  targetOf({ item, offset }: NewStruct): Target {
    const target = offset > 0 ? this.atId(Y.createID(item.id.client, item.id.clock + offset - 1)) : this.resolveItem(item);
    const kind = ROOT_KINDS[target.root];
    if (kind === 'array' && target.key !== null) throw new Refusal('keyed entry in an array root');
    if (kind === 'map' && target.key === null) throw new Refusal('list entry in a map root');
    if (kind === 'map' && item.rightOrigin !== null && offset === 0) throw new Refusal('right origin in a map');
    return target;
  }

  private resolveItem(item: Y.Item): Target {
    const known = this.memo.get(item);
    if (known) return known;
    if (this.resolving.has(item)) throw new Refusal('circular origins');
    this.resolving.add(item);
    for (const ref of [item.origin, item.rightOrigin]) {
      if (ref && ref.client === item.id.client && ref.clock >= item.id.clock) throw new Refusal('origin after the item itself');
    }
    let target: Target;
    if (item.origin || item.rightOrigin) {
      const left = item.origin ? this.atId(item.origin) : null;
      const right = item.rightOrigin ? this.atId(item.rightOrigin) : null;
      if (left && right && (left.root !== right.root || left.key !== right.key)) throw new Refusal('origins in different parents');
      target = (left ?? right) as Target;
    } else {
      const parent: unknown = item.parent;
      if (typeof parent !== 'string') throw new Refusal('nested types are not allowed');
      if (!Object.hasOwn(ROOT_KINDS, parent)) throw new Refusal(`unknown root ${parent.slice(0, 40)}`);
      target = { root: parent, key: item.parentSub };
    }
    this.resolving.delete(item);
    this.memo.set(item, target);
    return target;
  }

  /** The target of the item holding `id`: in this update's new part, else in the room. */
  private atId(id: Y.ID): Target {
    const added = this.added.get(id.client);
    if (added && id.clock >= added.from && id.clock < added.to) {
      // The structs are contiguous and sorted (checked above): a binary search, not a scan per origin.
      const s = added.structs[Y.findIndexSS(added.structs as Array<Y.Item | Y.GC>, id.clock)];
      if (!(s instanceof Y.Item)) throw new Refusal('origin is not an item');
      return s.id.clock < added.from ? this.roomTarget(Y.createID(id.client, added.from - 1)) : this.resolveItem(s);
    }
    return this.roomTarget(id);
  }

  private roomTarget(id: Y.ID): Target {
    const store = this.room.doc.store;
    if (id.clock >= Y.getState(store, id.client)) throw new Refusal('unresolvable dependency');
    const struct: unknown = Y.getItem(store, id);
    if (!(struct instanceof Y.Item)) throw new Refusal('origin is not an item');
    const parent = struct.parent;
    for (const root of Object.keys(ROOT_KINDS)) {
      if (this.room.doc.share.get(root) === parent) return { root, key: struct.parentSub };
    }
    throw new Refusal('origin outside the schema roots');
  }
}
