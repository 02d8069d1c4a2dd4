import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { dimensions, fetchBytes, flatPng, image, sendFile } from '../helpers/uploads.js';

/** Thumbnails of image attachments: made with sharp on upload, stored in the blob store, served like the attachment. */
const MAX_PIXELS = 1_000_000;
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ imageMaxPixels: MAX_PIXELS });
});
afterAll(() => s.stop());

let n = 0;
const newUser = () => s.signUp(`t${++n}x${randomUUID().slice(0, 4)}`);
const upload = (user: TestUser, bytes: Buffer, name = 'picture.png') => sendFile(s, 'POST', '/attachments', user, bytes, name);
const thumbnail = (user: TestUser, id: string) => fetchBytes(s, `/attachments/${id}/thumbnail`, user);
const blobPath = (bytes: Buffer) => {
  const sha = createHash('sha256').update(bytes).digest('hex');
  return join(s.dataDir, 'blobs', sha.slice(0, 2), sha);
};

describe('image attachments', () => {
  it.each([
    ['png', 800, 400, 320, 160],
    ['jpeg', 500, 1000, 160, 320],
    ['webp', 640, 640, 320, 320],
    ['gif', 90, 60, 90, 60],
  ] as const)('a %s of %i×%i gets its size and a WebP thumbnail of %i×%i in the blob store', async (format, w, h, tw, th) => {
    const alice = await newUser();
    const r = await upload(alice, await image(w, h, format), `photo.${format}`);
    expect(r.status).toBe(201);
    expect(r.body.attachment).toMatchObject({ mimeType: `image/${format}`, width: w, height: h, hasThumbnail: true });
    const thumb = await thumbnail(alice, r.body.attachment.id);
    expect(thumb).toMatchObject({ status: 200, type: 'image/webp' });
    expect(thumb.cacheControl).toContain('private');
    // Fits inside 320×320 with the original's aspect ratio, never enlarged.
    expect(await dimensions(thumb.bytes)).toEqual({ width: tw, height: th, format: 'webp' });
    expect(existsSync(blobPath(thumb.bytes))).toBe(true);
  });

  it('reports the size as displayed when EXIF rotates the picture, and thumbnails it upright', async () => {
    const alice = await newUser();
    const sideways = await sharp(await image(600, 300, 'jpeg')).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const r = await upload(alice, sideways, 'phone.jpg');
    expect(r.body.attachment).toMatchObject({ width: 300, height: 600, hasThumbnail: true });
    expect(await dimensions((await thumbnail(alice, r.body.attachment.id)).bytes)).toMatchObject({ width: 160, height: 320 });
  });

  it('keeps an image that does not decode as a plain file: no size, no thumbnail (404), bytes intact', async () => {
    const alice = await newUser();
    const broken = Buffer.concat([(await image(64, 64, 'png')).subarray(0, 40), Buffer.from(randomUUID())]);
    const r = await upload(alice, broken, 'broken.png');
    expect(r.status).toBe(201);
    expect(r.body.attachment).toMatchObject({ mimeType: 'image/png', width: null, height: null, hasThumbnail: false });
    const missing = await thumbnail(alice, r.body.attachment.id);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.bytes.toString()).error.code).toBe('not_found');
    const original = await fetchBytes(s, `/attachments/${r.body.attachment.id}`, alice);
    expect(original.bytes.equals(broken)).toBe(true);
  });

  it('does not decode images above the pixel limit (decompression bombs): stored without a thumbnail', async () => {
    const alice = await newUser();
    const bomb = await flatPng(2000, 2000);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r = await upload(alice, bomb, 'bomb.png');
    expect(r.status).toBe(201);
    expect(r.body.attachment).toMatchObject({ mimeType: 'image/png', width: null, height: null, hasThumbnail: false });
    expect((await thumbnail(alice, r.body.attachment.id)).status).toBe(404);
    // Right at the limit is fine.
    const atLimit = await upload(alice, await flatPng(1000, 1000), 'ok.png');
    expect(atLimit.body.attachment).toMatchObject({ width: 1000, height: 1000, hasThumbnail: true });
  });

  it('gives other files no size and no thumbnail', async () => {
    const alice = await newUser();
    const r = await upload(alice, Buffer.from('just some text'), 'notes.png');
    expect(r.body.attachment).toMatchObject({ mimeType: 'text/plain', width: null, height: null, hasThumbnail: false });
    expect((await thumbnail(alice, r.body.attachment.id)).status).toBe(404);
  });
});

describe('who may see a thumbnail', () => {
  it('the uploader and members of a conversation that references the image; nobody else (404), nobody anonymous (401)', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    await befriendUsers(s, alice, bob);
    const id = (await callAs(s, 'POST', '/conversations/direct', alice, { username: bob.username })).body.id;
    const r = await upload(alice, await image(400, 400));
    const attachmentId = r.body.attachment.id;
    expect((await thumbnail(alice, attachmentId)).status).toBe(200);
    expect((await thumbnail(bob, attachmentId)).status).toBe(404);
    const sent = await callAs(s, 'POST', `/conversations/${id}/messages`, alice, { text: 'look', attachments: [attachmentId] });
    expect(sent.status).toBe(201);
    expect((await thumbnail(bob, attachmentId)).status).toBe(200);
    expect((await thumbnail(carol, attachmentId)).status).toBe(404);
    expect((await fetchBytes(s, `/attachments/${attachmentId}/thumbnail`)).status).toBe(401);
    expect((await thumbnail(alice, randomUUID())).status).toBe(404);
    expect((await thumbnail(alice, 'not-an-id')).status).toBe(400);
  });
});
