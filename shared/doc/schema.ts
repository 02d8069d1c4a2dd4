import { z } from 'zod';

/**
 * The conversation document: the only roots a conversation's Y.Doc may have, and the shape of
 * every value stored in them. Server validation and every client helper use these schemas.
 */
export const Roots = {
  /** Y.Array of MessageRecord, in conversation order. */
  messages: 'messages',
  /** Y.Map message id → EditRecord, written only by the message's author. */
  edits: 'edits',
  /** Y.Map receipt key (`userId` or `userId:device`) → ReceiptRecord, written only by that user. */
  receipts: 'receipts',
} as const;

/** Root name → the Yjs type it must have. */
export const ROOT_KINDS: Readonly<Record<string, 'array' | 'map'>> = {
  [Roots.messages]: 'array',
  [Roots.edits]: 'map',
  [Roots.receipts]: 'map',
};

export const MAX_TEXT_LENGTH = 5000;
export const MAX_MENTIONS = 50;
export const MAX_ATTACHMENTS = 10;
/** Deepest nesting any stored value may have (a message with attachments is 3 deep). */
export const MAX_JSON_DEPTH = 6;
/** 2020-01-01: nothing older is a plausible Parley timestamp. */
export const MIN_TIMESTAMP = 1_577_836_800_000;
/** The largest time a JavaScript Date can hold. */
export const MAX_TIMESTAMP = 8_640_000_000_000_000;
/** How far ahead of the validating clock a timestamp may be (clock skew between devices). */
export const MAX_CLOCK_SKEW_MS = 24 * 3600 * 1000;

/** Message ids, user ids and attachment ids: opaque, URL-safe, bounded. */
export const DocId = z.string().min(1).max(64).regex(/^[\w-]+$/);
/** Milliseconds since the epoch, not before 2020 (the upper bound depends on the clock: see isPlausibleTime). */
export const Millis = z.number().int().min(MIN_TIMESTAMP).max(MAX_TIMESTAMP);
const Text = z.string().min(1).max(MAX_TEXT_LENGTH);

/**
 * The widest or tallest image a record may state, in pixels. Past what JPEG and GIF (65,535) or
 * WebP (16,383) can hold, so every real photo fits; only a freak PNG strip goes beyond, and its
 * record then carries no size (clients fall back to not reserving a box), so a bound costs nothing.
 */
export const MAX_IMAGE_SIDE = 100_000;
const ImageSide = z.number().int().min(1).max(MAX_IMAGE_SIDE);

/**
 * What a message stores of an attached file. `width`/`height` (both or neither) are an image's size
 * as the server decoded it on upload, so readers can reserve its box before it loads.
 */
export const AttachmentRecord = z
  .strictObject({
    id: DocId,
    name: z.string().min(1).max(255),
    mimeType: z.string().min(1).max(127).optional(),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    width: ImageSide.optional(),
    height: ImageSide.optional(),
  })
  .refine((a) => (a.width === undefined) === (a.height === undefined), 'an attachment has both width and height or neither');
export type AttachmentRecord = z.infer<typeof AttachmentRecord>;

const isImageSide = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= MAX_IMAGE_SIDE;

/**
 * The `width`/`height` of a record for an image of this size: both when both are valid sides,
 * nothing otherwise (not a decoded image, or larger than MAX_IMAGE_SIDE).
 */
export function recordDimensions(width: number | null | undefined, height: number | null | undefined): Pick<AttachmentRecord, 'width' | 'height'> {
  return isImageSide(width) && isImageSide(height) ? { width, height } : {};
}

/** What an admin can read of a conversation: its decoded messages, its update history, or a full export. */
export const ADMIN_READ_KINDS = ['messages', 'updates', 'export'] as const;
export type AdminReadKind = (typeof ADMIN_READ_KINDS)[number];

/** The `author` of system messages: never a user id (user ids are UUIDs). */
export const SYSTEM_AUTHOR = 'system';

/**
 * What a system message records. System messages are ordinary `messages` entries with
 * `author: SYSTEM_AUTHOR`, a human-readable `text` (rendered when written, e.g. "alice added bob")
 * and this `system` field; only the server writes them (sync validation refuses them from clients),
 * so they sit in conversation order and readers need no second root.
 */
export const SystemEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('group.created'), byUserId: DocId, name: z.string().max(200) }),
  z.strictObject({ type: z.literal('member.added'), userId: DocId, byUserId: DocId }),
  z.strictObject({ type: z.literal('member.removed'), userId: DocId, byUserId: DocId }),
  z.strictObject({ type: z.literal('member.left'), userId: DocId }),
  z.strictObject({ type: z.literal('group.renamed'), name: z.string().max(200), byUserId: DocId }),
  z.strictObject({ type: z.literal('group.avatar_changed'), avatarId: z.string().max(200).nullable(), byUserId: DocId }),
  /** An admin read what the server stored for this conversation (at most one such message per admin and hour). */
  z.strictObject({ type: z.literal('conversation.admin_read'), adminId: DocId, what: z.enum(ADMIN_READ_KINDS) }),
]);
export type SystemEvent = z.infer<typeof SystemEvent>;

/** One entry of `messages`. `author` is a user id (or SYSTEM_AUTHOR); `createdAt` ms epoch. */
export const MessageRecord = z.strictObject({
  id: DocId,
  author: DocId,
  text: Text,
  createdAt: Millis,
  replyTo: DocId.optional(),
  mentions: z.array(DocId).max(MAX_MENTIONS).optional(),
  attachments: z.array(AttachmentRecord).max(MAX_ATTACHMENTS).optional(),
  /** Only on system messages (author SYSTEM_AUTHOR), written by the server. */
  system: SystemEvent.optional(),
});
export type MessageRecord = z.infer<typeof MessageRecord>;

/** The value of `edits[messageId]`: a new text, or a deletion. */
export const EditRecord = z
  .strictObject({ text: Text.optional(), editedAt: Millis, deleted: z.literal(true).optional() })
  .refine((e) => e.text !== undefined || e.deleted === true, 'an edit carries a text or deleted: true');
export type EditRecord = z.infer<typeof EditRecord>;

/** The value of `receipts[key]`: how far one user (on one device) has received and read. */
export const ReceiptRecord = z.strictObject({
  deliveredMessageId: DocId.optional(),
  deliveredAt: Millis.optional(),
  readMessageId: DocId.optional(),
  readAt: Millis.optional(),
});
export type ReceiptRecord = z.infer<typeof ReceiptRecord>;

/** Device suffixes of receipt keys: `userId:device`. */
const DEVICE = /^[\w-]{1,64}$/;

/** The receipt key for a user, optionally per device (so concurrent devices never overwrite each other). */
export function receiptKey(userId: string, device?: string): string {
  if (device === undefined) return userId;
  if (!DEVICE.test(device)) throw new Error('invalid device id');
  return `${userId}:${device}`;
}

/** The user a receipt key belongs to, or null when the key is malformed. */
export function receiptKeyUser(key: string): string | null {
  const colon = key.indexOf(':');
  const user = colon < 0 ? key : key.slice(0, colon);
  if (!DocId.safeParse(user).success) return null;
  if (colon >= 0 && !DEVICE.test(key.slice(colon + 1))) return null;
  return user;
}

/** True when `t` is not before 2020 and not further ahead of `now` than the allowed skew. */
export function isPlausibleTime(t: number, now: number): boolean {
  return Number.isSafeInteger(t) && t >= MIN_TIMESTAMP && t <= now + MAX_CLOCK_SKEW_MS;
}

/** Nesting depth of a JSON-like value (scalars 0), without recursion, giving up past `limit`. */
export function jsonDepth(value: unknown, limit = 64): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
}
