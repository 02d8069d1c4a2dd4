import { rmSync } from 'node:fs';
import type { SelfUser } from '../../shared/api/accounts.js';
import { ErrorCode } from '../../shared/api/errors.js';
import type { GroupConversation } from '../../shared/api/social.js';
import { updatePublicProfile } from '../accounts/profile.js';
import { selfView } from '../accounts/user-view.js';
import type { UsersStore } from '../accounts/users-store.js';
import type { EventBus } from '../events.js';
import { AppError, notFound } from '../http/errors.js';
import type { GroupsService } from '../social/groups-service.js';
import type { UploadedFile } from './attachments-service.js';
import type { AvatarsStore } from './avatars-store.js';
import type { BlobStore } from './blob-store.js';
import { IMAGE_TYPES } from '../../shared/mime.js';
import { IMAGE_OUTPUT_TYPE, ImageError, type ImageProcessor } from './images.js';
import { sniffMimeType } from './sniff.js';

/** What groups must offer avatars: the manager check (before an upload is read) and the update that announces it. */
export type GroupAvatars = Pick<GroupsService, 'assertManager' | 'update'>;

/**
 * User and group avatars: an uploaded image is re-encoded as a 256×256 WebP square and stored in
 * the blob store under its sha256, which becomes the avatar id (so its bytes never change). Any
 * signed-in user may fetch any avatar; only images registered here are served.
 */
export class AvatarsService {
  constructor(
    private readonly store: AvatarsStore,
    private readonly blobs: BlobStore,
    private readonly images: ImageProcessor,
    private readonly users: UsersStore,
    private readonly groups: GroupAvatars,
    private readonly events: Pick<EventBus, 'emit'>,
  ) {}

  /** Sets `me`'s avatar from an upload; answers the updated account. */
  async setUserAvatar(me: string, file: UploadedFile): Promise<SelfUser> {
    return this.setOwnAvatar(me, await this.create(me, file));
  }

  clearUserAvatar(me: string): SelfUser {
    return this.setOwnAvatar(me, null);
  }

  /** 403/404 unless `me` manages the group: checked before the upload is read. */
  assertGroupManager(me: string, groupId: string): void {
    this.groups.assertManager(me, groupId);
  }

  /** Sets a group's avatar (owner, admin); the group document gets a `group.avatar_changed` system message. */
  async setGroupAvatar(me: string, groupId: string, file: UploadedFile): Promise<GroupConversation> {
    return this.groups.update(me, groupId, { avatarId: await this.create(me, file) });
  }

  clearGroupAvatar(me: string, groupId: string): GroupConversation {
    return this.groups.update(me, groupId, { avatarId: null });
  }

  /** The image of a registered avatar; 404 for any other id. */
  open(avatarId: string): { stream: NodeJS.ReadableStream; size: number; type: string } {
    const row = this.store.byId(avatarId);
    const blob = row ? this.blobs.open(row.id) : null;
    if (!row || !blob) throw notFound('No such avatar');
    return { ...blob, type: row.mime_type };
  }

  /** Turns an upload into a stored avatar and returns its id: not an image → 415, too many pixels → 413. */
  private async create(me: string, file: UploadedFile): Promise<string> {
    try {
      if (!IMAGE_TYPES.has(sniffMimeType(this.blobs.head(file.filepath)))) throw notAnImage();
      const bytes = await this.images.avatar(file.filepath).catch((err: unknown) => {
        if (!(err instanceof ImageError)) throw err;
        if (err.reason === 'too_many_pixels') throw new AppError(413, ErrorCode.payloadTooLarge, err.message);
        throw notAnImage();
      });
      const id = this.blobs.put(bytes);
      this.store.insert({ id, mime_type: IMAGE_OUTPUT_TYPE, size: bytes.length, created_by: me });
      return id;
    } finally {
      rmSync(file.filepath, { force: true });
    }
  }

  /** Through the profile writer, which tells whoever shows `me` (see updatePublicProfile). */
  private setOwnAvatar(me: string, avatarId: string | null): SelfUser {
    updatePublicProfile({ users: this.users, events: this.events }, me, { avatarId });
    return this.self(me);
  }

  private self(me: string): SelfUser {
    const user = this.users.byId(me);
    if (!user) throw notFound('No such user');
    return selfView(user);
  }
}

const notAnImage = () => new AppError(415, ErrorCode.unsupportedMediaType, 'Avatars must be PNG, JPEG, WebP or GIF images that can be decoded');
