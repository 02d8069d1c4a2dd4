import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { conversationRoots, listMessages, MAX_IMAGE_SIDE, sendMessage, type AttachmentRecord } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { closedWith, connectAs, synced, until } from '../helpers/sync.js';
import { image } from '../helpers/uploads.js';

/** Attachments: multipart upload, sniffed types, content-addressed blobs, who may attach and download. */
const MAX = 64 * 1024;
let s: TestServer;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  s = await startTestServer({ attachmentMaxBytes: MAX });
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

let n = 0;
const newUser = () => s.signUp(`f${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(randomUUID())]);

async function upload(user: TestUser, bytes: Buffer, name = 'file.bin', type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${user.accessToken}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}
async function download(user: TestUser, id: string) {
  const res = await fetch(`${s.url}/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${user.accessToken}` } });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}
async function pair(): Promise<{ alice: TestUser; bob: TestUser; id: string }> {
  const [alice, bob] = [await newUser(), await newUser()];
  await befriendUsers(s, alice, bob);
  const r = await call('POST', '/conversations/direct', alice, { username: bob.username });
  return { alice, bob, id: r.body.id };
}

describe('uploads', () => {
  it('sniffs the type from the content, stores the bytes once under DATA_DIR/blobs by their sha256', async () => {
    const alice = await newUser();
    const first = await upload(alice, PNG, 'notes.txt', 'text/html');
    expect(first.status).toBe(201);
    expect(first.body.attachment).toMatchObject({ name: 'notes.txt', mimeType: 'image/png', size: PNG.length });
    const sha = createHash('sha256').update(PNG).digest('hex');
    expect(existsSync(join(s.dataDir, 'blobs', sha.slice(0, 2), sha))).toBe(true);
    const again = await upload(alice, PNG, 'copy.png');
    expect(again.body.attachment.id).not.toBe(first.body.attachment.id);
    expect(readdirSync(join(s.dataDir, 'blobs', sha.slice(0, 2))).filter((f) => f === sha)).toHaveLength(1);
    expect((await upload(alice, Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png')).body.attachment.mimeType).toBe('text/plain');
    const got = await download(alice, first.body.attachment.id);
    expect(got).toMatchObject({ status: 200, type: 'image/png' });
    expect(got.bytes.equals(PNG)).toBe(true);
  });

  it('refuses too large files (413), other content types (415) and forms without a file (400)', async () => {
    const alice = await newUser();
    expect((await upload(alice, Buffer.alloc(MAX + 1, 1))).status).toBe(413);
    expect((await upload(alice, Buffer.alloc(4 * MAX, 1))).status).toBe(413);
    // Nothing of a refused upload is left behind.
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(join(s.dataDir, 'blobs', 'incoming'))).toEqual([]);
    expect((await upload(alice, Buffer.alloc(MAX, 1))).status).toBe(201);
    expect((await call('POST', '/attachments', alice, { file: 'x' })).status).toBe(415);
    const form = new FormData();
    form.append('other', 'value');
    const res = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${alice.accessToken}` }, body: form });
    expect(res.status).toBe(400);
    const anonymous = await fetch(`${s.url}/api/v1/attachments`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });
});

describe('attachments in messages', () => {
  it('members of a conversation that references it may download it; others get 404', async () => {
    const { alice, bob, id } = await pair();
    const stranger = await newUser();
    const a = (await upload(alice, PNG, 'cat.png')).body.attachment;
    expect((await download(bob, a.id)).status).toBe(404);
    const sent = await call('POST', `/conversations/${id}/messages`, alice, { text: 'look', attachments: [a.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.message.attachments).toEqual([{ id: a.id, name: 'cat.png', mimeType: 'image/png', size: PNG.length }]);
    expect((await download(bob, a.id)).status).toBe(200);
    expect((await download(stranger, a.id)).status).toBe(404);
    // Bob may forward it within the conversation.
    expect((await call('POST', `/conversations/${id}/messages`, bob, { text: 'again', attachments: [a.id] })).status).toBe(201);
  });

  it('refuses unknown attachments (400) and attachments of another conversation (403), over REST and sync', async () => {
    const { alice, bob, id } = await pair();
    const other = await pair();
    const theirs = (await upload(other.alice, PNG)).body.attachment;
    await call('POST', `/conversations/${other.id}/messages`, other.alice, { text: 'ours', attachments: [theirs.id] });
    expect((await call('POST', `/conversations/${id}/messages`, alice, { text: 'x', attachments: [randomUUID()] })).status).toBe(400);
    const refused = await call('POST', `/conversations/${id}/messages`, alice, { text: 'x', attachments: [theirs.id] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('attachment_forbidden');

    const p = connectAs(s, id, alice);
    open.push(p);
    await synced(p);
    const mine = (await upload(alice, Buffer.from('hello'), 'hello.txt')).body.attachment;
    sendMessage(p.doc, { author: alice.id, text: 'via sync', attachments: [{ id: mine.id, name: 'hello.txt', mimeType: 'text/plain', size: 5 }] });
    // Accepted over sync, the reference is recorded: Bob may download it.
    let d = await download(bob, mine.id);
    for (let i = 0; i < 200 && d.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20));
      d = await download(bob, mine.id);
    }
    expect(d.status).toBe(200);
    expect(d.bytes.toString()).toBe('hello');
    const closed = closedWith(p);
    sendMessage(p.doc, { author: alice.id, text: 'stolen', attachments: [{ id: theirs.id, name: 'x' }] });
    expect(await closed).toBe(CloseCode.invalidUpdate);
    const texts = (await call('GET', `/conversations/${id}/messages`, bob)).body.items.map((m: any) => m.text);
    expect(texts).toEqual(['via sync']);
    expect(listMessages(p.doc).length).toBe(2);
  });
});

describe('image dimensions in attachment records', () => {
  /** A synced stock client of `user` in `room`, closed when the file ends. */
  async function client(room: string, user: TestUser) {
    const p = connectAs(s, room, user);
    open.push(p);
    await synced(p);
    return p;
  }
  const textsOf = async (room: string, user: TestUser) => (await call('GET', `/conversations/${room}/messages`, user)).body.items.map((m: any) => m.text);

  it('a REST send stores the width and height the server decoded; a plain file gets none', async () => {
    const { alice, bob, id } = await pair();
    const photo = (await upload(alice, await image(40, 30), 'photo.png')).body.attachment;
    const notes = (await upload(alice, Buffer.from('hello'), 'notes.txt')).body.attachment;
    expect(photo).toMatchObject({ width: 40, height: 30, hasThumbnail: true });
    const sent = await call('POST', `/conversations/${id}/messages`, alice, { text: 'look', attachments: [photo.id, notes.id] });
    expect(sent.status).toBe(201);
    const expected = [
      { id: photo.id, name: 'photo.png', mimeType: 'image/png', size: photo.size, width: 40, height: 30 },
      { id: notes.id, name: 'notes.txt', mimeType: 'text/plain', size: 5 },
    ];
    expect(sent.body.message.attachments).toEqual(expected);
    // What the document holds, as Bob's stock client reads it.
    const p = await client(id, bob);
    expect(listMessages(p.doc).map((m) => m.attachments)).toEqual([expected]);
  });

  it('over sync, a record with the stored dimensions is accepted; wrong ones or ones on a plain file close the socket with 4400 and nothing is stored or broadcast', async () => {
    const { alice, bob, id } = await pair();
    const photo = (await upload(alice, await image(40, 30), 'photo.png')).body.attachment;
    const notes = (await upload(alice, Buffer.from('hello'), 'notes.txt')).body.attachment;
    const good: AttachmentRecord = { id: photo.id, name: 'photo.png', mimeType: 'image/png', size: photo.size, width: 40, height: 30 };
    const watcher = await client(id, bob);
    const sender = await client(id, alice);
    sendMessage(sender.doc, { author: alice.id, text: 'right size', attachments: [good] });
    await until(() => listMessages(watcher.doc).length === 1);
    expect(listMessages(watcher.doc)[0]?.attachments).toEqual([good]);

    const refused: Record<string, unknown> = {
      'other dimensions': { ...good, width: 41 },
      'swapped dimensions': { ...good, width: 30, height: 40 },
      'dimensions on a plain file': { id: notes.id, name: 'notes.txt', width: 40, height: 30 },
      'a width without a height': { id: photo.id, name: 'photo.png', width: 40 },
      'a zero height': { ...good, height: 0 },
      'a fractional width': { ...good, width: 40.5 },
      'a side past the maximum': { ...good, width: MAX_IMAGE_SIDE + 1 },
      'a side given as a string': { ...good, width: '40' },
    };
    for (const [text, attachment] of Object.entries(refused)) {
      const p = await client(id, alice);
      const closed = closedWith(p);
      // Pushed raw: the helpers would refuse to write the badly shaped ones.
      conversationRoots(p.doc).messages.push([{ id: randomUUID(), author: alice.id, text, createdAt: Date.now(), attachments: [attachment] } as any]);
      expect(await closed, text).toBe(CloseCode.invalidUpdate);
    }
    // A message sent after the refused ones reaches Bob; none of the refused ones ever did, nor was stored.
    const last = await client(id, alice);
    sendMessage(last.doc, { author: alice.id, text: 'after the refusals' });
    await until(() => listMessages(watcher.doc).length === 2);
    expect(listMessages(watcher.doc).map((m) => m.text)).toEqual(['right size', 'after the refusals']);
    expect(await textsOf(id, bob)).toEqual(['right size', 'after the refusals']);
  });
});
