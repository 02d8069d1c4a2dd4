import { resolveObjectURL } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { AttachmentRecord, MAX_ATTACHMENTS, MAX_IMAGE_SIDE, MAX_TEXT_LENGTH } from '../../shared/doc/index.js';
import { THUMBNAIL_SIZE } from '../../shared/mime.js';
import { ApiError, NetworkError } from '../../desktop/renderer/api/http.js';
import { formatBytes, isPreviewable } from '../../desktop/renderer/lib/files.js';
import { fitInside, previewBox } from '../../desktop/renderer/lib/image-box.js';
import { ObjectUrlCache } from '../../desktop/renderer/lib/object-urls.js';
import { admit, attachmentRecord, messageText, percent, retryable, uploadError } from '../../desktop/renderer/screens/chats/uploads.js';
import { deviceName } from '../../desktop/renderer/screens/settings/device-name.js';

describe('file sizes and types', () => {
  it('formats byte counts for people', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1023 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TB');
    expect(formatBytes(-1)).toBe('');
  });

  it('fits an image into the thumbnail square, keeping its shape, never enlarging it', () => {
    expect(fitInside(800, 600)).toEqual({ width: THUMBNAIL_SIZE, height: 240 });
    expect(fitInside(600, 800)).toEqual({ width: 240, height: THUMBNAIL_SIZE });
    expect(fitInside(1000, 1000)).toEqual({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE });
    expect(fitInside(40, 30)).toEqual({ width: 40, height: 30 });
    expect(fitInside(1001, 3)).toEqual({ width: 320, height: 1 });
    expect(fitInside(MAX_IMAGE_SIDE, 1)).toEqual({ width: 320, height: 1 });
    expect(fitInside(500, 100, 100)).toEqual({ width: 100, height: 20 });
  });

  it('reserves a preview box only for images whose record says how large they are', () => {
    expect(previewBox({ mimeType: 'image/jpeg', width: 4000, height: 3000 })).toEqual({ width: 320, height: 240 });
    expect(previewBox({ mimeType: 'image/png' })).toBeNull();
    expect(previewBox({ mimeType: 'application/pdf', width: 40, height: 30 })).toBeNull();
    expect(previewBox({ width: 40, height: 30 })).toBeNull();
  });

  it('previews only the image types an <img> shows', () => {
    expect(isPreviewable('image/png')).toBe(true);
    expect(isPreviewable('image/jpeg')).toBe(true);
    expect(isPreviewable('image/svg+xml')).toBe(false);
    expect(isPreviewable('application/pdf')).toBe(false);
    expect(isPreviewable(undefined)).toBe(false);
  });
});

describe('composer uploads', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);

  it('stores exactly what the server answered about an upload, with an image its width and height', () => {
    const uploaded = { id: 'a1', name: 'photo.png', mimeType: 'image/png', size: 42, width: 4, height: 3, hasThumbnail: true, createdAt: new Date().toISOString() };
    const record = attachmentRecord(uploaded);
    expect(record).toEqual({ id: 'a1', name: 'photo.png', mimeType: 'image/png', size: 42, width: 4, height: 3 });
    expect(AttachmentRecord.safeParse(record).success).toBe(true);
    // A plain file (or an image the server could not decode) has no dimensions to store.
    expect(attachmentRecord({ ...uploaded, mimeType: 'text/plain', width: null, height: null, hasThumbnail: false })).toEqual({ id: 'a1', name: 'photo.png', mimeType: 'text/plain', size: 42 });
    // Past what a record may state: stored without them rather than as a record the server refuses.
    const strip = attachmentRecord({ ...uploaded, width: MAX_IMAGE_SIDE + 1, height: 1 });
    expect(strip).toEqual({ id: 'a1', name: 'photo.png', mimeType: 'image/png', size: 42 });
  });

  it('names the files when the message has no caption (messages need a text)', () => {
    const files = [{ id: 'a', name: 'a.png' }, { id: 'b', name: 'b.pdf' }];
    expect(messageText('  look  ', files)).toBe('look');
    expect(messageText('   ', files)).toBe('Attachments: a.png, b.pdf');
    expect(messageText('', files.slice(0, 1))).toBe('Attachment: a.png');
    expect(messageText('', [])).toBe('');
    expect(messageText('', Array.from({ length: 10 }, (_, i) => ({ id: `${i}`, name: 'x'.repeat(255) }))).length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });

  it('admits at most MAX_ATTACHMENTS files per message and says why others were left out', () => {
    expect(admit(0, names(3))).toEqual({ accepted: names(3), refusal: null });
    const full = admit(MAX_ATTACHMENTS - 1, names(3));
    expect(full.accepted).toEqual(['f0']);
    expect(full.refusal).toMatch(String(MAX_ATTACHMENTS));
    expect(admit(MAX_ATTACHMENTS + 2, names(1)).accepted).toEqual([]);
  });

  it('shows progress in whole percent, 0 while the total is unknown', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(50, 200)).toBe(25);
    expect(percent(199, 200)).toBe(99);
    expect(percent(300, 200)).toBe(100);
  });

  it('explains a refused size with the limit the server named', () => {
    const tooBig = new ApiError(413, 'payload_too_large', 'Attachments are limited to 1048576 bytes');
    expect(uploadError(tooBig, { name: 'movie.mp4', size: 3 * 1024 * 1024 })).toBe('Too large: movie.mp4 is 3 MB; files can be at most 1 MB.');
    expect(uploadError(new ApiError(413, 'payload_too_large', 'Too large'), { name: 'x', size: 2048 })).toBe('Too large: x is 2 KB.');
    expect(uploadError(new NetworkError(), { name: 'a.png', size: 1 })).toMatch(/connection was lost.*a\.png/);
    expect(uploadError(new ApiError(415, 'unsupported_media_type', 'Send the file as multipart/form-data'), { name: 'a', size: 1 })).toBe('a: Send the file as multipart/form-data');
  });

  it('offers a retry for lost connections and busy servers, not for refused files', () => {
    expect(retryable(new NetworkError())).toBe(true);
    expect(retryable(new ApiError(503, 'unavailable', 'x'))).toBe(true);
    expect(retryable(new ApiError(429, 'rate_limited', 'x'))).toBe(true);
    expect(retryable(new ApiError(413, 'payload_too_large', 'x'))).toBe(false);
    expect(retryable(new ApiError(400, 'bad_request', 'x'))).toBe(false);
    expect(retryable(new Error('x'))).toBe(false);
  });
});

describe('object URL cache', () => {
  const blob = (text: string) => new Blob([text], { type: 'text/plain' });
  const read = async (url: string | null) => (url ? await resolveObjectURL(url)?.text() : undefined);

  it('loads each key once, even when asked concurrently, and serves it synchronously after', async () => {
    const cache = new ObjectUrlCache();
    let loads = 0;
    const load = async () => {
      loads++;
      return blob('picture');
    };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(cache.peek('k')).toBe(a);
    expect(await read(a)).toBe('picture');
    expect(cache.peek('other')).toBeUndefined();
  });

  it('remembers a refused file as null but retries after a network failure', async () => {
    const cache = new ObjectUrlCache();
    expect(await cache.get('gone', () => Promise.reject(new ApiError(404, 'not_found', 'No such attachment')))).toBeNull();
    expect(cache.peek('gone')).toBeNull();

    await expect(cache.get('later', () => Promise.reject(new NetworkError()))).rejects.toBeInstanceOf(NetworkError);
    expect(cache.peek('later')).toBeUndefined();
    expect(await read(await cache.get('later', async () => blob('back online')))).toBe('back online');
  });

  it('revokes every URL it made when cleared, including one that finishes loading after', async () => {
    const cache = new ObjectUrlCache();
    const url = await cache.get('k', async () => blob('x'));
    let finish!: (b: Blob) => void;
    const late = cache.get('late', () => new Promise<Blob>((r) => (finish = r)));
    cache.clear();
    expect(resolveObjectURL(url!)).toBeUndefined();
    expect(cache.peek('k')).toBeUndefined();
    finish(blob('y'));
    expect(await late).toBeNull();
    expect(cache.peek('late')).toBeUndefined();
  });
});

describe('session device names', () => {
  it('names browser and system from a User-Agent', () => {
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('Chrome on Linux');
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0')).toBe('Edge on Windows');
    expect(deviceName('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toBe('Safari on macOS');
    expect(deviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0 Mobile/15E148 Safari/604.1')).toBe('Chrome on iOS');
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0')).toBe('Firefox on Linux');
    expect(deviceName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Parley/0.1.0 Chrome/126.0 Electron/31.0 Safari/537.36')).toBe('Parley desktop on Linux');
    expect(deviceName('node')).toBe('API client');
    expect(deviceName('')).toBe('Unknown device');
    expect(deviceName(null)).toBe('Unknown device');
  });
});
