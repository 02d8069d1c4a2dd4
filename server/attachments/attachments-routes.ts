import { z } from 'zod';
import { AttachmentResponse, FileUploadBody } from '../../shared/api/attachments.js';
import { IdParams } from '../../shared/api/common.js';
import { authOf, type Api, type Ctx } from '../http/route.js';
import type { AttachmentsService } from './attachments-service.js';
import { IMAGE_OUTPUT_TYPE } from './images.js';
import { receiveFile } from './multipart.js';

const TAG = 'attachments';

/** The response schema of a route answering with `sendBlob`. */
export const Bytes = z.custom<NodeJS.ReadableStream>().describe('The bytes');

/** Upload and download of attachments, and thumbnails of images. */
export function attachmentsRoutes(api: Api, attachments: AttachmentsService, options: { maxBytes: number; incomingDir: string }): void {
  api.route(
    { method: 'post', path: '/attachments', tag: TAG, summary: `Upload a file (multipart, part \`file\`); its type is sniffed from the content, images get a thumbnail`, auth: true, body: FileUploadBody, requestContentType: 'multipart/form-data', status: 201, response: AttachmentResponse, errors: [400, 413, 415] },
    async (ctx) => {
      const file = await receiveFile(ctx, { ...options, what: 'Attachments' });
      return { attachment: await attachments.upload(authOf(ctx).userId, file) };
    },
  );
  api.route(
    { method: 'get', path: '/attachments/:id', tag: TAG, summary: 'Download a file: its uploader and members of a conversation whose messages reference it', auth: true, params: IdParams, status: 200, response: Bytes, errors: [404] },
    (ctx, { params }) => {
      const { row, stream, size } = attachments.download(authOf(ctx).userId, params.id);
      ctx.set('Content-Disposition', `attachment; filename="${row.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      return sendBlob(ctx, { stream, size, type: row.mime_type, maxAge: 86400 });
    },
  );
  api.route(
    { method: 'get', path: '/attachments/:id/thumbnail', tag: TAG, summary: `An image attachment's thumbnail (WebP, within 320×320), for whoever may download it; 404 when it has none`, auth: true, params: IdParams, status: 200, response: Bytes, errors: [404] },
    (ctx, { params }) => sendBlob(ctx, { ...attachments.thumbnail(authOf(ctx).userId, params.id), type: IMAGE_OUTPUT_TYPE, maxAge: 86400 }),
  );
}

/** Answers with stored bytes that never change: private (behind auth) but cacheable as they are. */
export function sendBlob(ctx: Ctx, blob: { stream: NodeJS.ReadableStream; size: number; type: string; maxAge: number }): NodeJS.ReadableStream {
  ctx.type = blob.type;
  ctx.length = blob.size;
  ctx.set('Cache-Control', `private, max-age=${blob.maxAge}, immutable`);
  return blob.stream;
}
