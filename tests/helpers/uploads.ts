import sharp from 'sharp';
import type { TestServer, TestUser } from './server.js';

/** Sends `bytes` as the multipart part `file` to `/api/v1<path>`; answers status, headers and the parsed JSON. */
export async function sendFile(s: TestServer, method: string, path: string, user: TestUser, bytes: Uint8Array, name = 'file.bin') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), name);
  const res = await fetch(`${s.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${user.accessToken}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** GETs `/api/v1<path>` as `user` and keeps the raw bytes. */
export async function fetchBytes(s: TestServer, path: string, user?: TestUser) {
  const res = await fetch(`${s.url}/api/v1${path}`, { headers: user ? { authorization: `Bearer ${user.accessToken}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), cacheControl: res.headers.get('cache-control'), bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A real image of the given size (a gradient, so it is not trivially compressible to nothing). */
export function image(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    pixels[i * 3] = (i % width) & 0xff;
    pixels[i * 3 + 1] = Math.floor(i / width) & 0xff;
    pixels[i * 3 + 2] = 128;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toFormat(format).toBuffer();
}

/** A small file declaring a huge image: one colour compresses to almost nothing (a decompression bomb in miniature). */
export function flatPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } }).png({ compressionLevel: 9 }).toBuffer();
}

/** Width, height and format of image bytes, as a decoder sees them. */
export async function dimensions(bytes: Uint8Array): Promise<{ width: number; height: number; format: string }> {
  const meta = await sharp(bytes).metadata();
  return { width: meta.width, height: meta.height, format: meta.format };
}
