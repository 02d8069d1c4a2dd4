import sharp, { type Metadata, type Sharp } from 'sharp';
import { THUMBNAIL_SIZE } from '../../shared/mime.js';

/** Avatars are squares of this side, cropped to cover. */
export const AVATAR_SIZE = 256;
/** What thumbnails and avatars are encoded as. */
export const IMAGE_OUTPUT_TYPE = 'image/webp';

/** Why an image could not be used: broken or not an image at all, or more pixels than allowed. */
export class ImageError extends Error {
  constructor(readonly reason: 'undecodable' | 'too_many_pixels', message: string) {
    super(message);
  }
}

/** Decodes images from untrusted uploads; nothing with more than `maxPixels` pixels is decoded. */
export class ImageProcessor {
  constructor(private readonly maxPixels: number) {}

  /** The original's size (EXIF orientation applied) and a WebP thumbnail fitting in THUMBNAIL_SIZE². */
  async thumbnail(path: string): Promise<{ width: number; height: number; bytes: Buffer }> {
    const size = await this.size(path);
    const bytes = await this.encode(path, (img) => img.resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }));
    return { ...size, bytes };
  }

  /** A WebP square of AVATAR_SIZE², cropped from the centre (small images are scaled up). */
  async avatar(path: string): Promise<Buffer> {
    await this.size(path);
    return this.encode(path, (img) => img.resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover' }).webp({ quality: 85 }));
  }

  /**
   * Reads the header only, so a decompression bomb (a small file declaring a huge image) is turned
   * away before any pixel is decoded; decoding is limited to the same count again (limitInputPixels).
   */
  private async size(path: string): Promise<{ width: number; height: number }> {
    let meta: Metadata;
    try {
      meta = await sharp(path, { limitInputPixels: false }).metadata();
    } catch {
      throw undecodable();
    }
    if (!meta.width || !meta.height) throw undecodable();
    if (meta.width * meta.height > this.maxPixels) {
      throw new ImageError('too_many_pixels', `Images may have at most ${this.maxPixels} pixels; this one has ${meta.width}×${meta.height}`);
    }
    return { width: meta.autoOrient.width, height: meta.autoOrient.height };
  }

  /** Decodes the first frame (animations are not kept), upright, and encodes it with `pipeline`. */
  private async encode(path: string, pipeline: (img: Sharp) => Sharp): Promise<Buffer> {
    try {
      return await pipeline(sharp(path, { limitInputPixels: this.maxPixels, autoOrient: true })).toBuffer();
    } catch {
      throw undecodable();
    }
  }
}

const undecodable = () => new ImageError('undecodable', 'The file could not be decoded as an image');
