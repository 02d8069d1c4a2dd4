import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { syncClients } from '../helpers/clients.js';
import { until } from '../helpers/sync.js';
import { dimensions, fetchBytes, flatPng, image, sendFile } from '../helpers/uploads.js';

/** User and group avatars: uploaded images re-encoded as 256×256 squares in the blob store, served by id. */
const MAX_BYTES = 256 * 1024;
let s: TestServer;
const clients = syncClients(() => s);
beforeAll(async () => {
  s = await startTestServer({ avatarMaxBytes: MAX_BYTES, imageMaxPixels: 4_000_000 });
});
afterAll(async () => {
  clients.destroyAll();
  await s.stop();
});

let n = 0;
const newUser = () => s.signUp(`a${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const putAvatar = (path: string, user: TestUser, bytes: Buffer, name = 'me.png') => sendFile(s, 'PUT', path, user, bytes, name);
const avatarOf = async (user: TestUser) => (await call('GET', '/users/me', user)).body.user.avatarId;

describe('user avatars', () => {
  it('PUT stores a 256×256 square that any signed-in user can fetch, cacheable for good; DELETE clears it', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const r = await putAvatar('/users/me/avatar', alice, await image(600, 300, 'jpeg'), 'wide.jpg');
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: alice.id, username: alice.username, email: alice.email, avatarId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const avatarId = r.body.user.avatarId as string;
    const got = await fetchBytes(s, `/avatars/${avatarId}`, bob);
    expect(got).toMatchObject({ status: 200, type: 'image/webp' });
    expect(got.cacheControl).toMatch(/private/);
    expect(got.cacheControl).toMatch(/immutable/);
    expect(await dimensions(got.bytes)).toEqual({ width: 256, height: 256, format: 'webp' });
    // Content-addressed: the id is the sha256 of the stored bytes, kept in the same blob store.
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(avatarId);
    expect(existsSync(join(s.dataDir, 'blobs', avatarId.slice(0, 2), avatarId))).toBe(true);
    expect(await avatarOf(alice)).toBe(avatarId);

    const cleared = await call('DELETE', '/users/me/avatar', alice);
    expect(cleared.status).toBe(200);
    expect(cleared.body.user).toMatchObject({ id: alice.id, avatarId: null });
    expect(await avatarOf(alice)).toBeNull();
  });

  it('every view of a user carries avatarId: public profile, search, friends, requests, conversation members', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const avatarId = (await putAvatar('/users/me/avatar', alice, await image(300, 300))).body.user.avatarId;
    const request = await call('POST', '/friends/requests', alice, { username: bob.username });
    expect((await call('GET', '/friends/requests', bob)).body.incoming[0].user).toMatchObject({ id: alice.id, avatarId });
    await call('POST', `/friends/requests/${request.body.id}/accept`, bob);
    expect((await call('GET', `/users/${alice.id}`, bob)).body.user.avatarId).toBe(avatarId);
    expect((await call('GET', `/users/search?q=${alice.username}`, bob)).body.items).toEqual([expect.objectContaining({ id: alice.id, avatarId })]);
    expect((await call('GET', '/friends', bob)).body.items).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: alice.id, avatarId }) })]);
    expect((await call('GET', '/friends', alice)).body.items[0].user).toMatchObject({ id: bob.id, avatarId: null });
    const direct = await call('POST', '/conversations/direct', bob, { username: alice.username });
    expect(direct.body.members.find((m: any) => m.id === alice.id)).toMatchObject({ avatarId });
  });

  it('refuses bad uploads with a clear 4xx and keeps the avatar it had', async () => {
    const alice = await newUser();
    const avatarId = (await putAvatar('/users/me/avatar', alice, await image(100, 100))).body.user.avatarId;
    const refused = [
      [await putAvatar('/users/me/avatar', alice, Buffer.from('plain text, not a picture'), 'me.png'), 415, 'unsupported_media_type'],
      [await putAvatar('/users/me/avatar', alice, Buffer.concat([(await image(64, 64)).subarray(0, 40), Buffer.alloc(200, 7)])), 415, 'unsupported_media_type'],
      [await putAvatar('/users/me/avatar', alice, Buffer.alloc(MAX_BYTES + 1, 1)), 413, 'payload_too_large'],
      [await putAvatar('/users/me/avatar', alice, await flatPng(3000, 3000)), 413, 'payload_too_large'],
      [await call('PUT', '/users/me/avatar', alice, { file: 'x' }), 415, 'unsupported_media_type'],
    ] as const;
    for (const [reply, status, code] of refused) {
      expect(reply.status).toBe(status);
      expect(reply.body.error.code).toBe(code);
    }
    const form = new FormData();
    form.append('other', 'value');
    const noFile = await fetch(`${s.url}/api/v1/users/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${alice.accessToken}` }, body: form });
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as any).error.message).toMatch(/file/);
    expect((await fetch(`${s.url}/api/v1/users/me/avatar`, { method: 'PUT', body: new FormData() })).status).toBe(401);
    expect(await avatarOf(alice)).toBe(avatarId);
    // Nothing of a refused upload is left behind.
    await until(() => readdirSync(join(s.dataDir, 'blobs', 'incoming')).length === 0);
  });

  it('GET /avatars/:id answers 404 for anything that is not an avatar (even a stored attachment) and 401 without a token', async () => {
    const alice = await newUser();
    const bytes = await image(120, 80);
    const attachment = await sendFile(s, 'POST', '/attachments', alice, bytes, 'x.png');
    expect(attachment.status).toBe(201);
    const attachmentSha = createHash('sha256').update(bytes).digest('hex');
    expect((await fetchBytes(s, `/avatars/${attachmentSha}`, alice)).status).toBe(404);
    expect((await fetchBytes(s, '/avatars/avatar-1', alice)).status).toBe(404);
    expect((await fetchBytes(s, `/avatars/${'0'.repeat(64)}`, alice)).status).toBe(404);
    const avatarId = (await putAvatar('/users/me/avatar', alice, bytes)).body.user.avatarId;
    expect((await fetchBytes(s, `/avatars/${avatarId}`)).status).toBe(401);
  });
});

describe('group avatars', () => {
  async function group(): Promise<{ owner: TestUser; admin: TestUser; member: TestUser; id: string }> {
    const [owner, admin, member] = [await newUser(), await newUser(), await newUser()];
    await befriendUsers(s, owner, admin);
    await befriendUsers(s, owner, member);
    const r = await call('POST', '/groups', owner, { name: 'painters', members: [admin.username, member.username] });
    expect((await call('PATCH', `/groups/${r.body.id}/members/${admin.id}`, owner, { role: 'admin' })).status).toBe(200);
    return { owner, admin, member, id: r.body.id };
  }
  const avatarEvents = (items: any[]) => items.filter((m) => m.system?.type === 'group.avatar_changed').map((m) => m.system);

  it('owner and admins set and clear it; the group document records each change, seen over REST and sync', async () => {
    const { owner, admin, member, id } = await group();
    const watcher = await clients.connect(id, member);
    const set = await putAvatar(`/groups/${id}/avatar`, owner, await image(400, 200));
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ id, type: 'group', name: 'painters', avatarId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const first = set.body.avatarId;
    expect(await dimensions((await fetchBytes(s, `/avatars/${first}`, member)).bytes)).toMatchObject({ width: 256, height: 256 });
    const second = (await putAvatar(`/groups/${id}/avatar`, admin, await image(50, 90, 'gif'))).body.avatarId;
    expect(second).not.toBe(first);
    const cleared = await call('DELETE', `/groups/${id}/avatar`, admin);
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ id, avatarId: null });
    const expected = [
      { type: 'group.avatar_changed', avatarId: first, byUserId: owner.id },
      { type: 'group.avatar_changed', avatarId: second, byUserId: admin.id },
      { type: 'group.avatar_changed', avatarId: null, byUserId: admin.id },
    ];
    expect(avatarEvents((await call('GET', `/conversations/${id}/messages`, member)).body.items)).toEqual(expected);
    await until(() => avatarEvents(listMessages(watcher.doc)).length === 3);
    expect(avatarEvents(listMessages(watcher.doc))).toEqual(expected);
    expect((await call('GET', `/conversations/${id}`, member)).body.avatarId).toBeNull();
  });

  it('plain members (403), non-members (403), direct conversations and unknown ids (404) cannot change it', async () => {
    const { owner, member, id } = await group();
    const avatarId = (await putAvatar(`/groups/${id}/avatar`, owner, await image(64, 64))).body.avatarId;
    const outsider = await newUser();
    const picture = await image(64, 64, 'webp');
    const byMember = await putAvatar(`/groups/${id}/avatar`, member, picture);
    expect(byMember.status).toBe(403);
    expect(byMember.body.error.code).toBe('forbidden');
    expect((await call('DELETE', `/groups/${id}/avatar`, member)).status).toBe(403);
    expect((await putAvatar(`/groups/${id}/avatar`, outsider, picture)).status).toBe(403);
    const direct = (await call('POST', '/conversations/direct', owner, { username: member.username })).body.id;
    expect((await putAvatar(`/groups/${direct}/avatar`, owner, picture)).status).toBe(404);
    expect((await putAvatar(`/groups/${randomUUID()}/avatar`, owner, picture)).status).toBe(404);
    expect((await call('DELETE', '/groups/not-a-uuid/avatar', owner)).status).toBe(400);
    // Bad files are refused for groups as for users.
    expect((await putAvatar(`/groups/${id}/avatar`, owner, Buffer.from('%PDF-1.4 nope'))).status).toBe(415);
    expect((await call('GET', `/conversations/${id}`, owner)).body.avatarId).toBe(avatarId);
    expect(avatarEvents((await call('GET', `/conversations/${id}/messages`, owner)).body.items)).toHaveLength(1);
  });
});
