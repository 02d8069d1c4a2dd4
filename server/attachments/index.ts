import { join } from 'node:path';
import type { Db } from '../db/database.js';
import type { Api } from '../http/route.js';
import type { SyncServer } from '../sync/sync-server.js';
import { attachmentsRoutes } from './attachments-routes.js';
import { AttachmentsService } from './attachments-service.js';
import { AttachmentsStore } from './attachments-store.js';
import { BlobStore } from './blob-store.js';

export { ATTACHMENTS_PREFIX } from './attachments-routes.js';

/** Attachments as the rest of the server sees them. */
export interface AttachmentsContext {
  service: AttachmentsService;
  blobs: BlobStore;
  maxBytes: number;
  destroy(): void;
}

/** Builds the attachment store under `<dataDir>/blobs` and records references from every accepted message. */
export function createAttachments(deps: { db: Db; dataDir: string; maxBytes: number; sync: Pick<SyncServer, 'onAccepted'> }): AttachmentsContext {
  const blobs = new BlobStore(join(deps.dataDir, 'blobs'));
  const service = new AttachmentsService(new AttachmentsStore(deps.db), blobs);
  const off = deps.sync.onAccepted((e) => service.accepted(e));
  return { service, blobs, maxBytes: deps.maxBytes, destroy: off };
}

export function mountAttachments(api: Api, attachments: AttachmentsContext): void {
  attachmentsRoutes(api, attachments.service, { maxBytes: attachments.maxBytes, incomingDir: attachments.blobs.incoming });
}
