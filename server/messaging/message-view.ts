import { isoTime } from '../../shared/api/common.js';
import type { Message } from '../../shared/api/messages.js';
import type { MessageView, ReceiptPosition } from '../../shared/doc/index.js';

/**
 * The REST view of a document message. Deleted messages keep id, author, time and reply link but
 * lose text, mentions and attachments. `index` is the message's position in `messages`.
 */
export function messageView(conversationId: string, m: MessageView, index: number, positions: Map<string, ReceiptPosition>): Message {
  const readBy: string[] = [];
  const deliveredTo: string[] = [];
  for (const [userId, p] of positions) {
    if (userId === m.author) continue;
    if (p.read >= index) readBy.push(userId);
    if (p.delivered >= index) deliveredTo.push(userId);
  }
  return {
    id: m.id,
    conversationId,
    author: m.author,
    ...(m.deleted ? {} : { text: m.text }),
    createdAt: isoTime(m.createdAt),
    ...(m.editedAt !== undefined ? { editedAt: isoTime(m.editedAt) } : {}),
    deleted: m.deleted,
    ...(m.replyTo !== undefined ? { replyTo: m.replyTo } : {}),
    ...(!m.deleted && m.mentions !== undefined ? { mentions: m.mentions } : {}),
    ...(!m.deleted && m.attachments !== undefined ? { attachments: m.attachments } : {}),
    ...(m.system !== undefined ? { system: m.system } : {}),
    readBy,
    deliveredTo,
  };
}
