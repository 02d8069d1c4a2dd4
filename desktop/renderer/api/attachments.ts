import { AttachmentResponse, type Attachment } from '../../../shared/api/attachments.js';
import { checked, fetchBlob, uploadFile, type Credentials, type UploadOptions } from './binary.js';
import { ApiError } from './http.js';

const path = (id: string) => `/attachments/${encodeURIComponent(id)}`;

/** Uploads and downloads of attachments (`POST /attachments`, `GET /attachments/:id[/thumbnail]`). */
export function attachmentsApi(creds: Credentials) {
  return {
    /** Uploads one file (multipart part `file`) with progress; the answer has the sniffed type. */
    upload: async (file: File, options: Omit<UploadOptions, 'method'> = {}): Promise<Attachment> =>
      checked(AttachmentResponse, await uploadFile(creds, '/attachments', file, options), 'an upload').attachment,
    /** The whole file. */
    download: (id: string): Promise<Blob> => fetchBlob(creds, path(id)),
    /** A small preview of an image; the whole file while the server has no thumbnail for it. */
    preview: async (id: string): Promise<Blob> => {
      try {
        return await fetchBlob(creds, `${path(id)}/thumbnail`);
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 415)) return fetchBlob(creds, path(id));
        throw err;
      }
    },
  };
}

export type AttachmentsApi = ReturnType<typeof attachmentsApi>;
