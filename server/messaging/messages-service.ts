import type * as Y from 'yjs';
import type { Message } from '../../shared/api/messages.js';
import {
  conversationRoots,
  deleteMessage,
  DocRuleError,
  editMessage,
  extractMentions,
  findMessage,
  listMessages,
  markDelivered,
  markRead,
  messageOrder,
  receiptPositions,
  sendMessage,
  withEdit,
  type AttachmentRecord,
} from '../../shared/doc/index.js';
import type { UsersStore } from '../accounts/users-store.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import type { ConversationRow, ConversationsStore } from '../social/conversations-store.js';
import type { ConversationsService } from '../social/conversations-service.js';
import { messageView } from './message-view.js';

/** The sync server as messaging uses it: writes go through the server-owned client (validated rules, persisted, broadcast). */
export interface ConversationDocs {
  write<T>(conversationId: string, write: (doc: Y.Doc) => T): T;
  read<T>(conversationId: string, read: (doc: Y.Doc) => T): T;
  /** Makes everything accepted so far durable (a REST answer is an acknowledgement). */
  flush(): void;
}

/** Turns attachment ids of a new message into document records; throws an AppError for ids the sender may not use. */
export interface AttachmentResolver {
  resolve(userId: string, conversationId: string, ids: string[]): AttachmentRecord[];
}

/**
 * Messages over REST, with the same rules as the document helpers and sync validation: members
 * only, no new messages in a closed direct chat or an archived group, replies within the
 * conversation, `@username` mentions of members, edits and deletions of one's own messages.
 */
export class MessagesService {
  constructor(
    private readonly docs: ConversationDocs,
    private readonly conversations: ConversationsService,
    private readonly store: ConversationsStore,
    private readonly users: UsersStore,
    private readonly attachments: AttachmentResolver | null = null,
  ) {}

  /** Sends `text` as `me`; answers the stored message. */
  send(me: string, conversationId: string, input: { text: string; replyTo?: string | undefined; attachments?: string[] | undefined }): Message {
    const { conversation } = this.conversations.requireMember(conversationId, me);
    assertOpen(conversation);
    const mentions = this.resolveMentions(conversationId, input.text);
    let attachments: AttachmentRecord[] | undefined;
    if (input.attachments !== undefined && input.attachments.length > 0) {
      if (!this.attachments) throw badRequest('Attachments are not accepted by this server');
      attachments = this.attachments.resolve(me, conversationId, input.attachments);
    }
    const message = this.docs.write(conversationId, (doc) => {
      if (input.replyTo !== undefined && !findMessage(doc, input.replyTo)) {
        throw badRequest('replyTo must name a message of this conversation', undefined, 'unknown_reply');
      }
      return ruled(() =>
        sendMessage(doc, {
          author: me,
          text: input.text,
          ...(input.replyTo !== undefined ? { replyTo: input.replyTo } : {}),
          ...(mentions.length > 0 ? { mentions } : {}),
          ...(attachments !== undefined ? { attachments } : {}),
        }),
      );
    });
    this.docs.flush();
    return this.one(conversationId, message.id);
  }

  /** One page of history before `before` (the newest page without it), oldest first. */
  history(me: string, conversationId: string, limit: number, before?: string): { items: Message[]; nextCursor: string | null } {
    this.conversations.requireMember(conversationId, me);
    return this.docs.read(conversationId, (doc) => {
      const order = messageOrder(doc);
      const all = listMessages(doc);
      let end = all.length;
      if (before !== undefined) {
        end = all.findIndex((m) => m.id === before);
        if (end < 0) throw badRequest('Unknown cursor', undefined, 'invalid_cursor');
      }
      const start = Math.max(0, end - limit);
      const positions = receiptPositions(doc, order);
      const items = all.slice(start, end).map((m) => messageView(conversationId, m, order(m.id) ?? -1, positions));
      return { items, nextCursor: start > 0 ? (items[0]?.id ?? null) : null };
    });
  }

  /** Replaces the text of `me`'s own message. */
  edit(me: string, conversationId: string, messageId: string, text: string): Message {
    this.conversations.requireMember(conversationId, me);
    this.docs.write(conversationId, (doc) => {
      this.requireOwn(doc, messageId, me);
      ruled(() => editMessage(doc, { messageId, userId: me, text }));
    });
    this.docs.flush();
    return this.one(conversationId, messageId);
  }

  /** Deletes `me`'s own message (its place stays, its content goes); deleting it again changes nothing. */
  remove(me: string, conversationId: string, messageId: string): void {
    this.conversations.requireMember(conversationId, me);
    this.docs.write(conversationId, (doc) => {
      const deleted = this.requireOwn(doc, messageId, me, true);
      if (!deleted) ruled(() => deleteMessage(doc, { messageId, userId: me }));
    });
    this.docs.flush();
  }

  /** Moves `me`'s read position to `messageId`, never backwards. */
  markRead(me: string, conversationId: string, messageId: string): void {
    this.moveReceipt(me, conversationId, messageId, markRead);
  }

  /** Moves `me`'s delivered position to `messageId` (a device of theirs has it), never backwards. */
  markDelivered(me: string, conversationId: string, messageId: string): void {
    this.moveReceipt(me, conversationId, messageId, markDelivered);
  }

  private moveReceipt(me: string, conversationId: string, messageId: string, move: typeof markRead): void {
    this.conversations.requireMember(conversationId, me);
    this.docs.write(conversationId, (doc) => {
      if (!findMessage(doc, messageId)) throw notFound('No such message in this conversation');
      ruled(() => move(doc, { userId: me, messageId }));
    });
    this.docs.flush();
  }

  private one(conversationId: string, messageId: string): Message {
    return this.docs.read(conversationId, (doc) => {
      const m = findMessage(doc, messageId);
      if (!m) throw new Error(`message ${messageId} vanished`);
      const order = messageOrder(doc);
      const view = withEdit(m, conversationRoots(doc).edits.get(messageId));
      return messageView(conversationId, view, order(messageId) ?? -1, receiptPositions(doc, order));
    });
  }

  /** 404 unknown, 403 someone else's; returns whether it is already deleted (then 404 unless `allowDeleted`). */
  private requireOwn(doc: Y.Doc, messageId: string, me: string, allowDeleted = false): boolean {
    const message = findMessage(doc, messageId);
    if (!message) throw notFound('No such message in this conversation');
    if (message.author !== me) throw forbidden('You can only change your own messages', 'not_author');
    const deleted = conversationRoots(doc).edits.get(messageId)?.deleted === true;
    if (deleted && !allowDeleted) throw notFound('This message was deleted');
    return deleted;
  }

  /** `@username`s in `text` → member ids; naming anyone who is not a member is a 400. */
  private resolveMentions(conversationId: string, text: string): string[] {
    const names = extractMentions(text);
    if (names.length === 0) return [];
    const ids = this.store.members([conversationId]).map((m) => m.user_id);
    const byName = new Map(this.users.byIds(ids).map((u) => [u.username.toLowerCase(), u.id]));
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      throw badRequest(`Not a member of this conversation: ${unknown.map((n) => `@${n}`).join(', ')}`, { usernames: unknown }, 'unknown_mention');
    }
    return [...new Set(names.map((n) => byName.get(n) as string))];
  }
}

/** A direct chat between ex-friends and an archived group stay readable but take no new messages. */
function assertOpen(c: ConversationRow): void {
  if (c.closed_at !== null) throw forbidden('You are no longer friends: this conversation takes no new messages', 'conversation_closed');
  if (c.archived_at !== null) throw forbidden('This group is archived', 'conversation_closed');
}

/** Document rule violations the checks above did not catch are the client's: 400. */
function ruled<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof DocRuleError) throw badRequest(err.message);
    throw err;
  }
}

