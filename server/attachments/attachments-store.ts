import type { Db } from '../db/database.js';

/** A row of `attachments`. */
export interface AttachmentRow {
  id: string;
  sha256: string;
  uploader_id: string | null;
  name: string;
  mime_type: string;
  size: number;
  /** The original's size, for images that decoded. */
  width: number | null;
  height: number | null;
  /** The thumbnail's blob, when there is one. */
  thumbnail_sha256: string | null;
  created_at: number;
}

/** All SQL on `attachments` and `attachment_refs`. */
export class AttachmentsStore {
  constructor(private readonly db: Db) {}

  insert(a: Omit<AttachmentRow, 'created_at'>, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO attachments (id, sha256, uploader_id, name, mime_type, size, width, height, thumbnail_sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.sha256, a.uploader_id, a.name, a.mime_type, a.size, a.width, a.height, a.thumbnail_sha256, now);
  }

  byId(id: string): AttachmentRow | undefined {
    return this.db.prepare('SELECT * FROM attachments WHERE id = ?').get(id) as AttachmentRow | undefined;
  }

  /** Records that a conversation's messages reference these attachments (unknown ids and conversations are skipped). */
  addRefs(conversationId: string, attachmentIds: string[], now = Date.now()): void {
    const insert = this.db.prepare(
      `INSERT INTO attachment_refs (attachment_id, conversation_id, created_at)
       SELECT a.id, c.id, ? FROM attachments a JOIN conversations c ON c.id = ? WHERE a.id = ? ON CONFLICT DO NOTHING`,
    );
    this.db.transaction(() => attachmentIds.forEach((id) => insert.run(now, conversationId, id)))();
  }

  isReferencedIn(attachmentId: string, conversationId: string): boolean {
    return this.db.prepare('SELECT 1 FROM attachment_refs WHERE attachment_id = ? AND conversation_id = ?').get(attachmentId, conversationId) !== undefined;
  }

  /** Whether `userId` belongs to a conversation whose messages reference the attachment. */
  memberOfReferencing(attachmentId: string, userId: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM attachment_refs r JOIN conversation_members m ON m.conversation_id = r.conversation_id
           WHERE r.attachment_id = ? AND m.user_id = ? LIMIT 1`,
        )
        .get(attachmentId, userId) !== undefined
    );
  }
}
