import type * as Y from 'yjs';
import type { AdminDecodedDocument, AdminMessage } from '../../shared/api/admin.js';
import { isoTime } from '../../shared/api/common.js';
import { conversationRoots, EditRecord, MessageRecord, ReceiptRecord, receiptKeyUser, SYSTEM_AUTHOR } from '../../shared/doc/index.js';
import type { UsernameOf } from './usernames.js';

/**
 * Everything a conversation document holds, for an admin: messages with their edit applied (a
 * deleted one marked, its stored text kept as `originalText`, since the document still holds it),
 * receipts, attachments and system events. Unlike the members' view it hides nothing that parses.
 */
export function decodeDocument(doc: Y.Doc, usernameOf: UsernameOf): AdminDecodedDocument {
  const { messages, edits, receipts } = conversationRoots(doc);
  const decoded: AdminDecodedDocument = { messages: [], receipts: [], attachments: [], systemEvents: [], unreadable: 0 };
  for (const raw of messages.toArray()) {
    const parsed = MessageRecord.safeParse(raw);
    if (!parsed.success) {
      decoded.unreadable++;
      continue;
    }
    const m = parsed.data;
    const edit = EditRecord.safeParse(edits.get(m.id));
    const changed = edit.success ? edit.data : null;
    const deleted = changed?.deleted === true;
    const text = deleted ? null : (changed?.text ?? m.text);
    const message: AdminMessage = {
      id: m.id,
      author: m.author,
      authorUsername: m.author === SYSTEM_AUTHOR ? null : usernameOf(m.author),
      text,
      ...(text !== m.text ? { originalText: m.text } : {}),
      createdAt: isoTime(m.createdAt),
      editedAt: isoTime(changed?.editedAt),
      deleted,
      ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
      ...(m.mentions !== undefined ? { mentions: m.mentions } : {}),
      ...(m.attachments !== undefined ? { attachments: m.attachments } : {}),
      ...(m.system !== undefined ? { system: m.system } : {}),
    };
    decoded.messages.push(message);
    for (const a of m.attachments ?? []) decoded.attachments.push({ ...a, messageId: m.id });
    if (m.system) decoded.systemEvents.push({ messageId: m.id, createdAt: message.createdAt, text: m.text, event: m.system });
  }
  receipts.forEach((value, key) => {
    const receipt = ReceiptRecord.safeParse(value);
    const userId = receiptKeyUser(key);
    const r = receipt.success ? receipt.data : {};
    decoded.receipts.push({
      key,
      userId,
      username: userId === null ? null : usernameOf(userId),
      readMessageId: r.readMessageId ?? null,
      readAt: isoTime(r.readAt),
      deliveredMessageId: r.deliveredMessageId ?? null,
      deliveredAt: isoTime(r.deliveredAt),
    });
  });
  decoded.receipts.sort((a, b) => a.key.localeCompare(b.key));
  return decoded;
}
