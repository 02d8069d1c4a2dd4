import { join } from 'node:path';
import type { UsersStore } from '../accounts/users-store.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Api } from '../http/route.js';
import type { SyncServer } from '../sync/sync-server.js';
import { attachmentsRoutes } from './attachments-routes.js';
import { AttachmentsService } from './attachments-service.js';
import { AttachmentsStore } from './attachments-store.js';
import { avatarsRoutes } from './avatars-routes.js';
import { AvatarsService, type GroupAvatars } from './avatars-service.js';
import { AvatarsStore } from './avatars-store.js';
import { BlobStore } from './blob-store.js';
import { ImageProcessor } from './images.js';

/** Attachments and avatars as the rest of the server sees them. */
export interface AttachmentsContext {
  service: AttachmentsService;
  avatars: AvatarsService;
  blobs: BlobStore;
  maxBytes: number;
  avatarMaxBytes: number;
  destroy(): void;
}

export interface AttachmentsDeps {
  db: Db;
  dataDir: string;
  maxBytes: number;
  sync: Pick<SyncServer, 'onAccepted'>;
  users: UsersStore;
  groups: GroupAvatars;
  avatarMaxBytes: number;
  /** Images with more pixels are not decoded (no thumbnail; refused as avatars). */
  imageMaxPixels: number;
  /** Told when a user's picture changes. */
  events: Pick<EventBus, 'emit'>;
}

/** Builds the blob store under `<dataDir>/blobs` (attachments, thumbnails, avatars) and records references from every accepted message. */
export function createAttachments(deps: AttachmentsDeps): AttachmentsContext {
  const blobs = new BlobStore(join(deps.dataDir, 'blobs'));
  const images = new ImageProcessor(deps.imageMaxPixels);
  const service = new AttachmentsService(new AttachmentsStore(deps.db), blobs, images);
  const avatars = new AvatarsService(new AvatarsStore(deps.db), blobs, images, deps.users, deps.groups, deps.events);
  const off = deps.sync.onAccepted((e) => service.accepted(e));
  return { service, avatars, blobs, maxBytes: deps.maxBytes, avatarMaxBytes: deps.avatarMaxBytes, destroy: off };
}

/** Mounts the attachment and avatar routes. */
export function mountAttachments(api: Api, attachments: AttachmentsContext): void {
  attachmentsRoutes(api, attachments.service, { maxBytes: attachments.maxBytes, incomingDir: attachments.blobs.incoming });
  avatarsRoutes(api, attachments.avatars, { maxBytes: attachments.avatarMaxBytes, incomingDir: attachments.blobs.incoming });
}
