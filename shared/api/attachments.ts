import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/**
 * An uploaded file; `mimeType` is sniffed from its content by the server. Images (PNG, JPEG, WebP,
 * GIF) that decode get their original `width`/`height` and a thumbnail (GET /attachments/:id/thumbnail);
 * anything else, including an image that cannot be decoded, is a plain file: null sizes, no thumbnail.
 */
export const Attachment = z.object({
  id: Id,
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  hasThumbnail: z.boolean(),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentResponse = z.object({ attachment: Attachment });

/** Multipart uploads (attachments, avatars): one part named `file`. */
export const FileUploadBody = z.object({ file: z.string().optional().describe('The file: one multipart part named `file`') });

/** Path `/avatars/:avatarId`: any id is accepted, unknown ones are a 404. */
export const AvatarParams = z.strictObject({ avatarId: z.string().min(1).max(200) });
