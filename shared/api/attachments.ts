import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** An uploaded file; `mimeType` is sniffed from its content by the server. */
export const Attachment = z.object({ id: Id, name: z.string(), mimeType: z.string(), size: z.number().int(), createdAt: Timestamp });
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentResponse = z.object({ attachment: Attachment });
