import type { AttachmentRecord } from '../../../shared/doc/index.js';
import { THUMBNAIL_SIZE } from '../../../shared/mime.js';
import { isPreviewable } from './files.js';

/** A width and height in CSS pixels. */
export interface Box {
  width: number;
  height: number;
}

/**
 * `width`×`height` scaled down to fit a `max`² square, keeping its shape and never enlarged: the
 * size of the server's thumbnail of such an image, so its box can be reserved before it loads.
 */
export function fitInside(width: number, height: number, max = THUMBNAIL_SIZE): Box {
  const scale = Math.min(1, max / width, max / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The box of an attachment's preview, when its record says it is an image and how large (older records do not). */
export function previewBox(a: Pick<AttachmentRecord, 'mimeType' | 'width' | 'height'>): Box | null {
  if (!isPreviewable(a.mimeType) || a.width === undefined || a.height === undefined) return null;
  return fitInside(a.width, a.height);
}
