import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Attachment } from '../../shared/api/attachments.js';
import { isoTime } from '../../shared/api/common.js';
import { AttachmentRecord, recordDimensions, type AttachmentRecord as AttachmentRecordType } from '../../shared/doc/index.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import type { AcceptedEvent } from '../sync/sync-server.js';
import type { AttachmentRow, AttachmentsStore } from './attachments-store.js';
import type { BlobStore } from './blob-store.js';
import { IMAGE_TYPES } from '../../shared/mime.js';
import { ImageError, type ImageProcessor } from './images.js';
import { sniffMimeType } from './sniff.js';

/** An uploaded file as the multipart parser left it on disk. */
export interface UploadedFile {
  filepath: string;
  originalFilename: string | null;
  size: number;
  hash?: string | null;
}

/**
 * Attachments: uploads stored content-addressed with a sniffed type; a message may carry an
 * attachment its sender uploaded or one already in that conversation; downloads are for the
 * uploader and members of a conversation that references it (REST and sync follow the same rule).
 */
export class AttachmentsService {
  constructor(
    private readonly store: AttachmentsStore,
    private readonly blobs: BlobStore,
    private readonly images: ImageProcessor,
  ) {}

  /**
   * Stores an uploaded file for `me`; the client's name is kept for display, its type is ignored.
   * Images get their size and a thumbnail; one that does not decode (or has too many pixels) is
   * kept as a plain file without them, so a damaged picture can still be passed on.
   */
  async upload(me: string, file: UploadedFile): Promise<Attachment> {
    try {
      if (!file.hash) throw new Error('upload was not hashed');
      const mimeType = sniffMimeType(this.blobs.head(file.filepath));
      const image = IMAGE_TYPES.has(mimeType) ? await this.images.thumbnail(file.filepath).catch(skipImageError) : null;
      const sha256 = file.hash;
      this.blobs.adopt(file.filepath, sha256);
      const row = {
        id: randomUUID(),
        sha256,
        uploader_id: me,
        name: displayName(file.originalFilename),
        mime_type: mimeType,
        size: file.size,
        width: image?.width ?? null,
        height: image?.height ?? null,
        thumbnail_sha256: image ? this.blobs.put(image.bytes) : null,
      };
      const now = Date.now();
      this.store.insert(row, now);
      return view({ ...row, created_at: now });
    } finally {
      rmSync(file.filepath, { force: true });
    }
  }

  /** The record a message stores for each id, when `me` may attach it in this conversation. */
  resolve(me: string, conversationId: string, ids: string[]): AttachmentRecordType[] {
    return [...new Set(ids)].map((id) => {
      const row = this.store.byId(id);
      if (!row) throw badRequest(`No such attachment: ${id}`, { id }, 'unknown_attachment');
      if (!this.mayAttach(me, conversationId, row)) throw forbidden('You can only attach your own uploads or attachments of this conversation', 'attachment_forbidden');
      return record(row);
    });
  }

  /**
   * Sync validation's rule for an attachment record in a new message: the sender may attach it, and
   * every fact it states (type, size, image dimensions) is the stored one; dimensions on a file that
   * is not a decoded image state something the server does not have, so they are refused too.
   */
  mayAttachRecord(userId: string, conversationId: string, attachment: AttachmentRecordType): boolean {
    const row = this.store.byId(attachment.id);
    if (!row || !this.mayAttach(userId, conversationId, row)) return false;
    // Checked for every attachment of every incoming message: compared field by field, not parsed.
    const stored = statedFacts(row);
    return STATED_FACTS.every((key) => attachment[key] === undefined || attachment[key] === stored[key]);
  }

  /** Remembers which conversations reference which attachments, from every accepted message. */
  accepted(e: AcceptedEvent): void {
    const ids = e.addedMessages.flatMap((m) => (m.attachments ?? []).map((a) => a.id));
    if (ids.length > 0) this.store.addRefs(e.conversationId, ids);
  }

  /** The file for a download by `me`: 404 when unknown or not theirs to see (no existence leak). */
  download(me: string, id: string): { row: AttachmentRow; stream: NodeJS.ReadableStream; size: number } {
    const row = this.readable(me, id);
    return { row, ...this.blob(row.sha256) };
  }

  /** The thumbnail of an image attachment, for whoever may download the attachment; 404 when there is none. */
  thumbnail(me: string, id: string): { stream: NodeJS.ReadableStream; size: number } {
    const row = this.readable(me, id);
    if (row.thumbnail_sha256 === null) throw notFound('This attachment has no thumbnail');
    return this.blob(row.thumbnail_sha256);
  }

  private readable(me: string, id: string): AttachmentRow {
    const row = this.store.byId(id);
    if (!row || (row.uploader_id !== me && !this.store.memberOfReferencing(id, me))) throw notFound('No such attachment');
    return row;
  }

  private blob(sha256: string): { stream: NodeJS.ReadableStream; size: number } {
    const blob = this.blobs.open(sha256);
    if (!blob) throw notFound('The file of this attachment is missing');
    return blob;
  }

  private mayAttach(userId: string, conversationId: string, row: AttachmentRow): boolean {
    return row.uploader_id === userId || this.store.isReferencedIn(row.id, conversationId);
  }
}

function displayName(name: string | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return clean || 'file';
}

/** The fields of a record that a client may leave out, and must get right when it does not. */
const STATED_FACTS = ['mimeType', 'size', 'width', 'height'] as const;

function statedFacts(row: AttachmentRow): Pick<AttachmentRecordType, (typeof STATED_FACTS)[number]> {
  return { mimeType: row.mime_type, size: row.size, ...recordDimensions(row.width, row.height) };
}

function record(row: AttachmentRow): AttachmentRecordType {
  return AttachmentRecord.parse({ id: row.id, name: row.name, ...statedFacts(row) });
}

/** An image that cannot be used stays a plain file; any other failure is a real error. */
function skipImageError(err: unknown): null {
  if (err instanceof ImageError) return null;
  throw err;
}

function view(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    name: row.name,
    mimeType: row.mime_type,
    size: row.size,
    width: row.width,
    height: row.height,
    hasThumbnail: row.thumbnail_sha256 !== null,
    createdAt: isoTime(row.created_at),
  };
}
