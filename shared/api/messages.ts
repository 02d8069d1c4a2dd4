import { z } from 'zod';
import { DocId, MAX_ATTACHMENTS, MAX_TEXT_LENGTH, SystemEvent } from '../doc/schema.js';
import { Id, Timestamp } from './common.js';

/** Path `:id/messages/:messageId`: a conversation (UUID) and a message id (the document's id format). */
export const MessageParams = z.strictObject({ id: Id, messageId: DocId });

const MessageText = z.string().min(1).max(MAX_TEXT_LENGTH);

/** `POST /conversations/:id/messages`: `@username` of members in `text` become mentions. */
export const SendMessageBody = z.strictObject({
  text: MessageText,
  replyTo: DocId.optional().describe('A message of the same conversation'),
  attachments: z.array(Id).max(MAX_ATTACHMENTS).optional().describe('Ids of attachments uploaded with POST /attachments'),
});

export const EditMessageBody = z.strictObject({ text: MessageText });

export const ReadBody = z.strictObject({ messageId: DocId.describe('The newest message read; positions never move backwards') });

export const DeliveredBody = z.strictObject({ messageId: DocId.describe('The newest message this device has received; positions never move backwards') });

/** `GET /conversations/:id/messages`: the `limit` messages before the cursor (newest when absent). */
export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  before: DocId.optional().describe('The nextCursor of the previous page'),
});

export const MessageAttachment = z.object({
  id: z.string(),
  name: z.string(),
  mimeType: z.string().optional(),
  size: z.number().int().optional(),
});

/** A message as REST clients see it: edits applied; a deleted one keeps its place but loses its content. */
export const Message = z.object({
  id: z.string(),
  conversationId: Id,
  author: z.string().describe('User id, or "system" for system messages'),
  text: z.string().optional().describe('Absent when deleted'),
  createdAt: Timestamp,
  editedAt: Timestamp.optional(),
  deleted: z.boolean(),
  replyTo: z.string().optional(),
  mentions: z.array(z.string()).optional(),
  attachments: z.array(MessageAttachment).optional(),
  system: SystemEvent.optional().describe('Only on system messages (member added/removed/left, group renamed, avatar changed)'),
  readBy: z.array(z.string()).describe('Users (other than the author) whose read position is at or past it'),
  deliveredTo: z.array(z.string()).describe('Users (other than the author) with a device that has it'),
});
export type Message = z.infer<typeof Message>;

export const MessageResponse = z.object({ message: Message });

/** A page in conversation order (oldest first); `nextCursor` fetches the older page before it, null at the start. */
export const MessagePage = z.object({ items: z.array(Message), nextCursor: z.string().nullable() });
