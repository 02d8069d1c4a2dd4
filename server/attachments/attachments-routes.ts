import { HttpMethodEnum, koaBody } from 'koa-body';
import { z } from 'zod';
import { AttachmentResponse } from '../../shared/api/attachments.js';
import { IdParams } from '../../shared/api/common.js';
import { ErrorCode } from '../../shared/api/errors.js';
import { AppError, badRequest } from '../http/errors.js';
import { authOf, type Api, type Ctx } from '../http/route.js';
import type { AttachmentsService, UploadedFile } from './attachments-service.js';

const TAG = 'attachments';
/** The multipart path prefix the JSON body parser lets through. */
export const ATTACHMENTS_PREFIX = '/api/v1/attachments';
/** Room for multipart framing and the file name around the file itself. */
const FRAMING_BYTES = 64 * 1024;

const UploadBody = z.object({ file: z.string().optional().describe('The file: one multipart part named `file`') });

/** Upload and download of attachments. */
export function attachmentsRoutes(api: Api, attachments: AttachmentsService, options: { maxBytes: number; incomingDir: string }): void {
  api.route(
    { method: 'post', path: '/attachments', tag: TAG, summary: `Upload a file (multipart, part \`file\`); its type is sniffed from the content`, auth: true, body: UploadBody, requestContentType: 'multipart/form-data', status: 201, response: AttachmentResponse, errors: [400, 413, 415] },
    async (ctx) => {
      const file = await receiveFile(ctx, options);
      return { attachment: attachments.upload(authOf(ctx).userId, file) };
    },
  );
  api.route(
    { method: 'get', path: '/attachments/:id', tag: TAG, summary: 'Download a file: its uploader and members of a conversation whose messages reference it', auth: true, params: IdParams, status: 200, response: z.custom<NodeJS.ReadableStream>().describe('The bytes'), errors: [404] },
    (ctx, { params }) => {
      const { row, stream, size } = attachments.download(authOf(ctx).userId, params.id);
      ctx.type = row.mime_type;
      ctx.length = size;
      ctx.set('Content-Disposition', `attachment; filename="${row.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(row.name)}`);
      ctx.set('Cache-Control', 'private, max-age=86400, immutable');
      return stream;
    },
  );
}

/** Parses a multipart upload with koa-body (formidable) into one file on disk, within the size limit. */
async function receiveFile(ctx: Ctx, options: { maxBytes: number; incomingDir: string }): Promise<UploadedFile> {
  if (!ctx.is('multipart/form-data')) throw new AppError(415, ErrorCode.unsupportedMediaType, 'Send the file as multipart/form-data');
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > options.maxBytes + FRAMING_BYTES) throw tooLarge(options.maxBytes);
  const parse = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    parsedMethods: [HttpMethodEnum.POST],
    formidable: { uploadDir: options.incomingDir, maxFileSize: options.maxBytes, maxTotalFileSize: options.maxBytes, maxFiles: 1, maxFields: 10, maxFieldsSize: 16 * 1024, hashAlgorithm: 'sha256', allowEmptyFiles: true, minFileSize: 0 },
    onError: (err) => {
      const status = (err as { httpCode?: number }).httpCode;
      if (status === 413) throw tooLarge(options.maxBytes);
      throw badRequest(`Malformed upload: ${err.message}`);
    },
  });
  await parse(ctx, async () => {});
  const files = ctx.request.files?.file;
  const file = Array.isArray(files) ? undefined : files;
  if (!file) throw badRequest('Send exactly one file, in a part named `file`');
  return { filepath: file.filepath, originalFilename: file.originalFilename, size: file.size, hash: typeof file.hash === 'string' ? file.hash : null };
}

const tooLarge = (max: number) => new AppError(413, ErrorCode.payloadTooLarge, `Attachments are limited to ${max} bytes`);
