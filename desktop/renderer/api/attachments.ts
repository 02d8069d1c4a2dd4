import { AttachmentResponse, type Attachment } from '../../../shared/api/attachments.js';
import { fetchBlob, uploadFile, type UploadOptions } from './binary.js';
import type { ApiClient } from './client.js';
import { ApiError } from './http.js';

const path = (id: string) => `/attachments/${encodeURIComponent(id)}`;

/** Uploads and downloads of attachments (`POST /attachments`, `GET /attachments/:id[/thumbnail]`). */
export function attachmentsApi(api: ApiClient) {
  const thumbnail = (id: string): Promise<Blob> => fetchBlob(api, `${path(id)}/thumbnail`);
  return {
    /** Uploads one file (multipart part `file`) with progress; the answer has the sniffed type. */
    upload: async (file: File, options: Omit<UploadOptions, 'method'> = {}): Promise<Attachment> =>
      (await uploadFile(api, '/attachments', file, AttachmentResponse, options)).attachment,
    /** The whole file. */
    download: (id: string): Promise<Blob> => fetchBlob(api, path(id)),
    /** The server's thumbnail of an image (an error when it has none). */
    thumbnail,
    /** A small preview of an image; the whole file while the server has no thumbnail for it. */
    preview: async (id: string): Promise<Blob> => {
      try {
        return await thumbnail(id);
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 415)) return fetchBlob(api, path(id));
        throw err;
      }
    },
  };
}

export type AttachmentsApi = ReturnType<typeof attachmentsApi>;
