import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentRecord } from '../../../../shared/doc/index.js';
import type { AttachmentsApi } from '../../api/attachments.js';
import { UploadCancelled } from '../../api/binary.js';
import { admit, attachmentRecord, retryable, uploadError, type Upload } from './uploads.js';

export interface Uploads {
  items: Upload[];
  /** Records of the finished uploads, in the order the files were picked. */
  ready: AttachmentRecord[];
  /** True while any file is still uploading. */
  busy: boolean;
  /** A refusal to show (too many files), until the next change. */
  notice: string | null;
  add(files: readonly File[]): void;
  /** Cancels an upload in flight, or removes a finished or failed one. */
  remove(key: string): void;
  retry(key: string): void;
  /** Forgets every file (after sending). */
  clear(): void;
}

let nextKey = 1;

/** The row of `file` as its upload starts (a first try or a retry). */
function uploadingRow(key: string, file: File): Upload {
  return { key, name: file.name || 'file', size: file.size, status: 'uploading', sent: 0, total: file.size };
}

/** The composer's attachments: each picked file uploads at once, with progress, and can be cancelled or retried. */
export function useUploads(api: AttachmentsApi | null): Uploads {
  const [items, setItems] = useState<Upload[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const files = useRef(new Map<string, { file: File; abort: AbortController }>());

  const patch = (key: string, next: (u: Upload) => Upload) => setItems((list) => list.map((u) => (u.key === key ? next(u) : u)));

  const start = useCallback(
    (key: string, file: File) => {
      if (!api) return;
      const abort = new AbortController();
      files.current.set(key, { file, abort });
      const row = uploadingRow(key, file);
      const base = { key, name: row.name, size: row.size };
      patch(key, () => row);
      api
        .upload(file, { signal: abort.signal, onProgress: (sent, total) => patch(key, (u) => (u.status === 'uploading' ? { ...u, sent, total } : u)) })
        .then(
          (attachment) => patch(key, () => ({ ...base, status: 'done', record: attachmentRecord(attachment) })),
          (err: unknown) => {
            if (err instanceof UploadCancelled) return;
            patch(key, () => ({ ...base, status: 'failed', error: uploadError(err, file), retryable: retryable(err) }));
          },
        );
    },
    [api],
  );

  const add = useCallback(
    (picked: readonly File[]) => {
      const { accepted, refusal } = admit(items.length, picked);
      setNotice(refusal);
      const added = accepted.map((file) => ({ key: `u${nextKey++}`, file }));
      setItems((list) => [...list, ...added.map(({ key, file }) => uploadingRow(key, file))]);
      // State updates apply in order, so each row exists before its upload patches it.
      for (const { key, file } of added) start(key, file);
    },
    [items.length, start],
  );

  const remove = useCallback((key: string) => {
    files.current.get(key)?.abort.abort();
    files.current.delete(key);
    setItems((list) => list.filter((u) => u.key !== key));
    setNotice(null);
  }, []);

  const retry = useCallback(
    (key: string) => {
      const entry = files.current.get(key);
      if (entry) start(key, entry.file);
    },
    [start],
  );

  const clear = useCallback(() => {
    for (const { abort } of files.current.values()) abort.abort();
    files.current.clear();
    setItems([]);
    setNotice(null);
  }, []);

  useEffect(() => clear, [clear]);

  return {
    items,
    ready: items.flatMap((u) => (u.status === 'done' ? [u.record] : [])),
    busy: items.some((u) => u.status === 'uploading'),
    notice,
    add,
    remove,
    retry,
    clear,
  };
}
