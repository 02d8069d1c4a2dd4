import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentsApi } from '../../desktop/renderer/api/attachments.js';
import { fetchBlob } from '../../desktop/renderer/api/binary.js';
import { ApiClient } from '../../desktop/renderer/api/client.js';
import { ApiError, NetworkError } from '../../desktop/renderer/api/http.js';
import { fitInside } from '../../desktop/renderer/lib/image-box.js';
import { TokenKeeper } from '../../desktop/renderer/session/tokens.js';
import { freePort } from '../e2e/helpers/browser.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { sendFile } from '../helpers/uploads.js';

/** The renderer's file downloads (bearer token, refresh on expiry, thumbnail fallback) against a real server. */
let server: TestServer;
beforeAll(async () => {
  // One-second access tokens, so a token expires between two calls.
  server = await startTestServer({ accessTokenTtl: 1 });
});
afterAll(() => server.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but sniffed as one')]);

/** The REST client a signed-in account has, for `user`; `ended` records the session ending. */
function client(user: TestUser, serverUrl = server.url) {
  const ended: string[] = [];
  const tokens = new TokenKeeper(server.url, { accessToken: user.accessToken, accessExpiresAt: Date.now() + 60_000, refreshToken: user.refreshToken }, { saved: async () => {}, ended: (r) => void ended.push(r) });
  return { api: new ApiClient(serverUrl, tokens), tokens, ended };
}

const bytesOf = async (blob: Blob) => Buffer.from(await blob.arrayBuffer());

async function uploadAs(user: TestUser, bytes: Buffer, name: string): Promise<string> {
  // A session of its own, signed in just now: the user's one-second token may have expired under load.
  const login = await server.request('POST', '/api/v1/auth/login', { body: { login: user.username, password: user.password } });
  expect(login.status).toBe(200);
  const res = await sendFile(server, 'POST', '/attachments', { ...user, accessToken: login.body.accessToken }, bytes, name);
  expect(res.status).toBe(201);
  return res.body.attachment.id as string;
}

describe('renderer file downloads', () => {
  it('downloads the exact bytes, and a preview of an image (the whole file while there is no thumbnail)', async () => {
    const user = await server.signUp('fileowner');
    const id = await uploadAs(user, PNG, 'pic.png');
    const rest = client(user).api;
    const api = attachmentsApi(rest);
    expect((await bytesOf(await api.download(id))).equals(PNG)).toBe(true);
    // Sniffed as PNG but undecodable, so the server has no thumbnail: the preview is the file itself.
    expect(((await api.thumbnail(id).catch((e: unknown) => e)) as ApiError).status).toBe(404);
    const preview = await api.preview(id);
    expect(preview.type).toBe('image/png');
    expect((await bytesOf(preview)).equals(PNG)).toBe(true);
  });

  it("previews a real image with the server's small thumbnail instead of the whole file", async () => {
    const user = await server.signUp('photographer');
    const big = await sharp(randomBytes(600 * 400 * 3), { raw: { width: 600, height: 400, channels: 3 } }).png().toBuffer();
    const id = await uploadAs(user, big, 'noise.png');
    const api = attachmentsApi(client(user).api);
    const preview = await api.preview(id);
    expect(preview.type).toBe('image/webp');
    expect(preview.size).toBeLessThan(big.length);
    // The box the app reserves from a record's size is the thumbnail's exact size.
    const { width, height } = await sharp(await bytesOf(preview)).metadata();
    expect({ width, height }).toEqual(fitInside(600, 400));
    expect((await bytesOf(await api.thumbnail(id))).equals(await bytesOf(preview))).toBe(true);
  });

  it('answers an unknown or foreign attachment with the server error, never someone else’s file', async () => {
    const [owner, stranger] = [await server.signUp('owner2'), await server.signUp('stranger2')];
    const id = await uploadAs(owner, PNG, 'secret.png');
    // One client per user: a token that expires under load is refreshed once and the rotated refresh
    // token kept (a second client holding the first refresh token would be taken for a thief).
    const [ownerRest, strangerRest] = [client(owner).api, client(stranger).api];
    const attempts = [
      () => attachmentsApi(strangerRest).download(id),
      () => attachmentsApi(strangerRest).preview(id),
      () => attachmentsApi(ownerRest).download('00000000-0000-4000-8000-000000000000'),
    ];
    for (const attempt of attempts) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(404);
      expect((err as ApiError).code).toBe('not_found');
    }
    const malformed = await fetchBlob(ownerRest, '/attachments/not-an-id').catch((e: unknown) => e);
    expect((malformed as ApiError).status).toBe(400);
  });

  it('refreshes an access token the server calls expired and retries once', async () => {
    const user = await server.signUp('slowreader');
    const id = await uploadAs(user, PNG, 'later.png');
    await sleep(1200);
    // The keeper believes its token is still good; the server says token_expired.
    const { api, tokens, ended } = client(user);
    expect((await bytesOf(await attachmentsApi(api).download(id))).equals(PNG)).toBe(true);
    expect(tokens.current().refreshToken).not.toBe(user.refreshToken);
    expect(ended).toEqual([]);
  });

  it('ends the session when the server says it was revoked', async () => {
    const user = await server.signUp('revoked');
    const id = await uploadAs(user, PNG, 'x.png');
    await server.request('POST', '/api/v1/auth/logout', { token: user.accessToken });
    const { api, tokens, ended } = client(user);
    const err = await attachmentsApi(api).download(id).catch((e: unknown) => e);
    expect((err as ApiError).status).toBe(401);
    expect(ended).toHaveLength(1);
    expect(tokens.ended).toBe(true);
  });

  it('reports an unreachable server as a NetworkError', async () => {
    const user = await server.signUp('offline');
    const { api } = client(user, `http://127.0.0.1:${await freePort()}`);
    expect(await fetchBlob(api, '/attachments/00000000-0000-4000-8000-000000000000').catch((e: unknown) => e)).toBeInstanceOf(NetworkError);
  });
});
