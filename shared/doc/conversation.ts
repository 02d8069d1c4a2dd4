import type * as Y from 'yjs';
import {
  EditRecord,
  isPlausibleTime,
  MAX_TEXT_LENGTH,
  MessageRecord,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  ReceiptRecord,
  receiptKey,
  receiptKeyUser,
  Roots,
  SYSTEM_AUTHOR,
  SystemEvent,
  type AttachmentRecord,
} from './schema.js';
import { MessageIndex } from './message-index.js';

/** The three roots of a conversation document, typed. */
export interface ConversationRoots {
  messages: Y.Array<MessageRecord>;
  edits: Y.Map<EditRecord>;
  receipts: Y.Map<ReceiptRecord>;
}

/** A message as readers see it: edits applied, deletions marked. */
export interface MessageView extends MessageRecord {
  editedAt?: number;
  deleted: boolean;
}

/** Thrown by the helpers when asked for something the schema or the rules forbid. */
export class DocRuleError extends Error {}

/** The typed roots of `doc` (creating them on first use, as every replica must). */
export function conversationRoots(doc: Y.Doc): ConversationRoots {
  return {
    messages: doc.getArray<MessageRecord>(Roots.messages),
    edits: doc.getMap<EditRecord>(Roots.edits),
    receipts: doc.getMap<ReceiptRecord>(Roots.receipts),
  };
}

export interface NewMessage {
  author: string;
  text: string;
  id?: string;
  createdAt?: number;
  replyTo?: string;
  mentions?: string[];
  attachments?: AttachmentRecord[];
}

/**
 * Appends a validated message authored by `author`; returns what was stored. `replyTo` must name a
 * message already in the document; `mentions` are user ids (see extractMentions for `@username`).
 */
export function sendMessage(doc: Y.Doc, input: NewMessage): MessageRecord {
  if (input.author === SYSTEM_AUTHOR) throw new DocRuleError('system messages are written with sendSystemMessage');
  if (input.replyTo !== undefined && !findMessage(doc, input.replyTo)) throw new DocRuleError('reply to an unknown message');
  return append(doc, {
    id: input.id ?? globalThis.crypto.randomUUID(),
    author: input.author,
    text: input.text,
    createdAt: input.createdAt ?? Date.now(),
    ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
    ...(input.mentions !== undefined ? { mentions: input.mentions } : {}),
    ...(input.attachments !== undefined ? { attachments: input.attachments } : {}),
  });
}

/**
 * Appends a system message (server only: sync validation refuses them from clients). `text` is the
 * human-readable rendering shown by clients that do not know the event type.
 */
export function sendSystemMessage(doc: Y.Doc, input: { event: SystemEvent; text: string; id?: string; createdAt?: number }): MessageRecord {
  const event = SystemEvent.safeParse(input.event);
  if (!event.success) throw new DocRuleError('invalid system event');
  return append(doc, {
    id: input.id ?? globalThis.crypto.randomUUID(),
    author: SYSTEM_AUTHOR,
    text: input.text.slice(0, 5000) || input.event.type,
    createdAt: input.createdAt ?? Date.now(),
    system: event.data,
  });
}

/** True for messages written by the server about the conversation itself. */
export function isSystemMessage(m: Pick<MessageRecord, 'author'>): boolean {
  return m.author === SYSTEM_AUTHOR;
}

function append(doc: Y.Doc, candidate: unknown): MessageRecord {
  const parsed = MessageRecord.safeParse(candidate);
  if (!parsed.success) throw new DocRuleError(`invalid message: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const index = messageIndex(doc);
  if (index.record(parsed.data.id)) throw new DocRuleError('duplicate message id');
  conversationRoots(doc).messages.push([parsed.data]);
  // Observers run when the transaction ends: a batch of sends in one transaction must see each other.
  index.appended(parsed.data);
  return parsed.data;
}

function messageIndex(doc: Y.Doc): MessageIndex {
  return MessageIndex.of(doc, conversationRoots(doc).messages);
}

/** `@username` mentions in `text` (lowercased, unique, in order); `a@b.c` is an address, not a mention. */
export function extractMentions(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w@.])@([a-zA-Z0-9_.-]{3,32})/g)) names.add((match[1] as string).toLowerCase().replace(/[.-]+$/, ''));
  return [...names].filter((n) => n.length >= 3);
}

/** The stored message with `id`, or undefined. */
export function findMessage(doc: Y.Doc, id: string): MessageRecord | undefined {
  return messageIndex(doc).record(id);
}

function ownMessage(doc: Y.Doc, messageId: string, userId: string): MessageRecord {
  const message = findMessage(doc, messageId);
  if (!message) throw new DocRuleError('no such message');
  if (message.author !== userId) throw new DocRuleError('only the author may change a message');
  if (conversationRoots(doc).edits.get(messageId)?.deleted) throw new DocRuleError('message was deleted');
  return message;
}

/** Replaces the text of `userId`'s own message. */
export function editMessage(doc: Y.Doc, input: { messageId: string; userId: string; text: string; editedAt?: number }): EditRecord {
  ownMessage(doc, input.messageId, input.userId);
  const parsed = EditRecord.safeParse({ text: input.text, editedAt: input.editedAt ?? Date.now() });
  if (!parsed.success) throw new DocRuleError(`invalid edit: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  conversationRoots(doc).edits.set(input.messageId, parsed.data);
  return parsed.data;
}

/** Marks `userId`'s own message deleted (its entry stays, so replies and receipts keep their anchor). */
export function deleteMessage(doc: Y.Doc, input: { messageId: string; userId: string; deletedAt?: number }): EditRecord {
  ownMessage(doc, input.messageId, input.userId);
  const record: EditRecord = { editedAt: input.deletedAt ?? Date.now(), deleted: true };
  conversationRoots(doc).edits.set(input.messageId, record);
  return record;
}

/**
 * Where a message id sits in `messages` (undefined when absent). The helpers below default to the
 * document's own (messageOrder); a caller that keeps the array's positions anyway (a client's
 * message list) may pass theirs.
 */
export type IndexLookup = (messageId: string) => number | undefined;

/** The document's own IndexLookup: O(1) per id from its message index (see message-index.ts). */
export function messageOrder(doc: Y.Doc): IndexLookup {
  const index = messageIndex(doc);
  return (id) => index.position(id);
}

/** Position of `messageId` from the caller's lookup, else the document's own; -1 when absent. */
function positionOf(doc: Y.Doc, messageId: string, indexOf: IndexLookup | undefined): number {
  return indexOf?.(messageId) ?? messageIndex(doc).position(messageId) ?? -1;
}

/**
 * How far `userId` has read: the furthest `readMessageId` over all their receipt keys (devices).
 * `exceptDevice` leaves one device's key out (what the user's other devices say).
 */
export function readPosition(
  doc: Y.Doc,
  userId: string,
  options: { indexOf?: IndexLookup; exceptDevice?: string } = {},
): { messageId: string; index: number; readAt?: number } | null {
  const indexOf = options.indexOf ?? messageOrder(doc);
  const skip = options.exceptDevice === undefined ? null : receiptKey(userId, options.exceptDevice);
  let best: { messageId: string; index: number; readAt?: number } | null = null;
  conversationRoots(doc).receipts.forEach((receipt, key) => {
    if (key === skip || receiptKeyUser(key) !== userId || receipt.readMessageId === undefined) return;
    const index = indexOf(receipt.readMessageId);
    if (index === undefined || (best && best.index >= index)) return;
    best = { messageId: receipt.readMessageId, index, ...(receipt.readAt !== undefined ? { readAt: receipt.readAt } : {}) };
  });
  return best;
}

/**
 * Records that `userId` read up to `messageId`. Never moves the read position backwards: returns
 * false and writes nothing when the user already read as far. Pass `device` so two devices of one
 * user syncing concurrently write different keys (the position is the furthest of them).
 */
export function markRead(doc: Y.Doc, input: { userId: string; messageId: string; device?: string; readAt?: number; indexOf?: IndexLookup }): boolean {
  const index = positionOf(doc, input.messageId, input.indexOf);
  if (index < 0) throw new DocRuleError('no such message');
  const current = readPosition(doc, input.userId, input.indexOf ? { indexOf: input.indexOf } : {});
  if (current && current.index >= index) return false;
  const key = receiptKey(input.userId, input.device);
  const { receipts } = conversationRoots(doc);
  const previous = receipts.get(key) ?? {};
  const parsed = ReceiptRecord.safeParse({ ...previous, readMessageId: input.messageId, readAt: input.readAt ?? Date.now() });
  if (!parsed.success) throw new DocRuleError('invalid receipt');
  receipts.set(key, parsed.data);
  return true;
}

/** Where each user has got to (the furthest over their devices): index in `messages`, -1 for none. */
export interface ReceiptPosition {
  read: number;
  delivered: number;
}

/** Every user's read and delivered positions; a read message counts as delivered too. */
export function receiptPositions(doc: Y.Doc, indexOf: IndexLookup = messageOrder(doc)): Map<string, ReceiptPosition> {
  const { receipts } = conversationRoots(doc);
  const positions = new Map<string, ReceiptPosition>();
  receipts.forEach((receipt, key) => {
    const user = receiptKeyUser(key);
    if (user === null || receipt === null || typeof receipt !== 'object') return;
    const p = positions.get(user) ?? { read: -1, delivered: -1 };
    const read = receipt.readMessageId === undefined ? -1 : (indexOf(receipt.readMessageId) ?? -1);
    const delivered = receipt.deliveredMessageId === undefined ? -1 : (indexOf(receipt.deliveredMessageId) ?? -1);
    p.read = Math.max(p.read, read);
    p.delivered = Math.max(p.delivered, delivered, p.read);
    positions.set(user, p);
  });
  return positions;
}

/**
 * Records that one of `userId`'s devices has received everything up to `messageId`. Like markRead,
 * never moves backwards; returns false when nothing was written.
 */
export function markDelivered(doc: Y.Doc, input: { userId: string; messageId: string; device?: string; deliveredAt?: number; indexOf?: IndexLookup }): boolean {
  const index = positionOf(doc, input.messageId, input.indexOf);
  if (index < 0) throw new DocRuleError('no such message');
  if ((receiptPositions(doc, input.indexOf).get(input.userId)?.delivered ?? -1) >= index) return false;
  const key = receiptKey(input.userId, input.device);
  const { receipts } = conversationRoots(doc);
  const parsed = ReceiptRecord.safeParse({ ...(receipts.get(key) ?? {}), deliveredMessageId: input.messageId, deliveredAt: input.deliveredAt ?? Date.now() });
  if (!parsed.success) throw new DocRuleError('invalid receipt');
  receipts.set(key, parsed.data);
  return true;
}

/**
 * Every message in order with edits applied. Entries or edits with an invalid shape are skipped
 * (the server refuses them; a local replica may still hold its own bad writes).
 */
export function listMessages(doc: Y.Doc, now = Date.now()): MessageView[] {
  const { messages, edits } = conversationRoots(doc);
  return messages.toArray().flatMap((raw): MessageView[] => {
    const view = toMessageView(raw, (id) => edits.get(id), now);
    return view ? [view] : [];
  });
}

/**
 * One `messages` entry as readers see it (its edit from `editOf` applied), or null when the entry
 * has an invalid shape or an implausible time. listMessages for a single message, so a client can
 * keep its list up to date message by message.
 */
export function toMessageView(raw: unknown, editOf: (id: string) => unknown, now = Date.now()): MessageView | null {
  const message = validMessage(raw, now);
  return message && withEdit(message, editOf(message.id));
}

/** A `messages` entry as a MessageRecord, or null when its shape is invalid or its time implausible. */
export function validMessage(raw: unknown, now = Date.now()): MessageRecord | null {
  let message: MessageRecord;
  if (isPlainMessageRecord(raw)) message = raw;
  else {
    const parsed = MessageRecord.safeParse(raw);
    if (!parsed.success) return null;
    message = parsed.data;
  }
  return isPlausibleTime(message.createdAt, now) ? message : null;
}

/** `message` with its `edits` entry applied (an invalid entry is ignored). */
export function withEdit(message: MessageRecord, rawEdit: unknown): MessageView {
  const edit = rawEdit === undefined ? null : EditRecord.safeParse(rawEdit);
  if (!edit?.success) return { ...message, deleted: false };
  if (edit.data.deleted) return { ...message, text: '', deleted: true, editedAt: edit.data.editedAt };
  return { ...message, text: edit.data.text ?? message.text, editedAt: edit.data.editedAt, deleted: false };
}

const PLAIN_KEYS = new Set(['id', 'author', 'text', 'createdAt', 'replyTo']);
const PLAIN_ID = /^[\w-]{1,64}$/;
const isPlainId = (v: unknown) => typeof v === 'string' && PLAIN_ID.test(v);

/**
 * A fast, exact check of the commonest message shape (text, optionally a reply; no mentions,
 * attachments or system event): true only where MessageRecord accepts the value as it is. Anything
 * else is left to the schema. Reading a long history validates every message, and zod cannot
 * compile its fast path under the app's CSP (no eval), so this keeps opening 100,000 messages quick.
 */
export function isPlainMessageRecord(raw: unknown): raw is MessageRecord {
  if (typeof raw !== 'object' || raw === null || Object.getPrototypeOf(raw) !== Object.prototype) return false;
  for (const key of Object.keys(raw)) if (!PLAIN_KEYS.has(key)) return false;
  const m = raw as Record<string, unknown>;
  return (
    isPlainId(m.id) &&
    isPlainId(m.author) &&
    typeof m.text === 'string' &&
    m.text.length >= 1 &&
    m.text.length <= MAX_TEXT_LENGTH &&
    Number.isSafeInteger(m.createdAt) &&
    (m.createdAt as number) >= MIN_TIMESTAMP &&
    (m.createdAt as number) <= MAX_TIMESTAMP &&
    (m.replyTo === undefined || isPlainId(m.replyTo))
  );
}
