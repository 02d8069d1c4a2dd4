import { HttpMethodEnum, koaBody } from 'koa-body';
import { ErrorCode } from '../../shared/api/errors.js';
import { AppError, badRequest } from '../http/errors.js';
import type { Ctx } from '../http/route.js';
import type { UploadedFile } from './attachments-service.js';

/** Room for multipart framing and the file name around the file itself. */
const FRAMING_BYTES = 64 * 1024;

/** Where uploads land and how large they may be; `what` names them in the 413 message. */
export interface UploadLimits {
  maxBytes: number;
  incomingDir: string;
  what: string;
}

/**
 * Parses a multipart upload with koa-body (formidable) into one file on disk (part `file`), within
 * the size limit: too large → 413 (before reading when the length says so), malformed or no `file`
 * part → 400. For routes declaring `requestContentType: 'multipart/form-data'`, whose body handling
 * (server/http/body.ts) has already answered anything else with a 415. The caller removes the file.
 */
export async function receiveFile(ctx: Ctx, limits: UploadLimits): Promise<UploadedFile> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limits.maxBytes + FRAMING_BYTES) throw tooLarge(limits);
  const parse = koaBody({
    multipart: true,
    json: false,
    urlencoded: false,
    text: false,
    parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT],
    formidable: { uploadDir: limits.incomingDir, maxFileSize: limits.maxBytes, maxTotalFileSize: limits.maxBytes, maxFiles: 1, maxFields: 10, maxFieldsSize: 16 * 1024, hashAlgorithm: 'sha256', allowEmptyFiles: true, minFileSize: 0 },
    onError: (err) => {
      const status = (err as { httpCode?: number }).httpCode;
      if (status === 413) throw tooLarge(limits);
      throw badRequest(`Malformed upload: ${err.message}`);
    },
  });
  await parse(ctx, async () => {});
  const files = ctx.request.files?.file;
  const file = Array.isArray(files) ? undefined : files;
  if (!file) throw badRequest('Send exactly one file, in a part named `file`');
  return { filepath: file.filepath, originalFilename: file.originalFilename, size: file.size, hash: typeof file.hash === 'string' ? file.hash : null };
}

const tooLarge = (limits: UploadLimits) => new AppError(413, ErrorCode.payloadTooLarge, `${limits.what} are limited to ${limits.maxBytes} bytes`);
