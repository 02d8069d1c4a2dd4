import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { editMessage, listMessages, markRead, readPosition, sendMessage, sendSystemMessage } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { MemoryRoomDirectory } from '../../server/sync/memory-directory.js';
import { startServer } from '../../server/server.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { closedWith, connectAs, synced, syncUrl, until, upgradeStatus } from '../helpers/sync.js';

let server: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const directory = new MemoryRoomDirectory();
const open: WebsocketProvider[] = [];

beforeAll(async () => {
  server = await startTestServer({ syncAllowedOrigins: ['http://app.example'] });
  server.sync.setRoomDirectory(directory);
  [alice, bob, carol] = await Promise.all([server.signUp('alice'), server.signUp('bob'), server.signUp('carol')]);
});

afterAll(async () => {
  open.forEach((p) => p.destroy());
  await server.stop();
});

function connect(s: { url: string }, room: string, user: TestUser, doc = new Y.Doc()): WebsocketProvider {
  const p = connectAs(s, room, user, doc);
  open.push(p);
  return p;
}

const updateCount = (s: { db: TestServer['db'] }, room: string) =>
  (s.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE conversation_id = ?').get(room) as { n: number }).n;

describe('sync rooms', () => {
  it('syncs messages, edits and receipts between two stock y-websocket clients', async () => {
    const room = randomUUID();
    directory.add(room, alice.id, bob.id);
    const a = connect(server, room, alice);
    const b = connect(server, room, bob);
    await Promise.all([synced(a), synced(b)]);
    const sent = sendMessage(a.doc, { author: alice.id, text: 'hello bob' });
    await until(() => listMessages(b.doc).length === 1);
    expect(listMessages(b.doc)[0]).toMatchObject({ id: sent.id, author: alice.id, text: 'hello bob', deleted: false });
    editMessage(a.doc, { messageId: sent.id, userId: alice.id, text: 'hello, bob' });
    markRead(b.doc, { userId: bob.id, messageId: sent.id });
    await until(() => listMessages(b.doc)[0]?.text === 'hello, bob' && readPosition(a.doc, bob.id) !== null);
    expect(readPosition(a.doc, bob.id)?.messageId).toBe(sent.id);
    expect(updateCount(server, room)).toBe(3);
    expect(server.presence.isOnline(alice.id)).toBe(true);
  });

  it('serves the persisted history after a restart, before saying synced', async () => {
    const s1 = await startTestServer();
    const room = randomUUID();
    const dir = new MemoryRoomDirectory().add(room, alice.id);
    s1.sync.setRoomDirectory(dir);
    const user = await s1.signUp('dora');
    dir.add(room, user.id);
    const p = connect(s1, room, user);
    await synced(p);
    for (let i = 0; i < 20; i++) sendMessage(p.doc, { author: user.id, text: `message ${i}` });
    await until(() => updateCount(s1, room) === 20);
    p.destroy();
    expect(await s1.sync.compact(room)).toBe(20);
    await s1.close(100);
    // Same data dir, fresh process state.
    const s2 = await startServer({ ...s1.config });
    try {
      s2.sync.setRoomDirectory(dir);
      const fresh = connect(s2, room, user);
      await synced(fresh);
      // Synced means the history is there: no waiting.
      expect(listMessages(fresh.doc).map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`));
      fresh.destroy();
    } finally {
      await s2.close(100);
      rmSync(s1.dataDir, { recursive: true, force: true });
    }
  });

  it('answers refused upgrades with HTTP statuses before accepting a socket', async () => {
    const room = randomUUID();
    directory.add(room, alice.id);
    const base = syncUrl(server);
    expect(await upgradeStatus(`${base}/${room}`)).toBe(401);
    expect(await upgradeStatus(`${base}/${room}?token=nonsense`)).toBe(401);
    expect(await upgradeStatus(`${base}/${room}?token=${bob.accessToken}`)).toBe(403);
    expect(await upgradeStatus(`${base}/${randomUUID()}?token=${alice.accessToken}`)).toBe(404);
    expect(await upgradeStatus(`${base}/not-an-id?token=${alice.accessToken}`)).toBe(400);
    expect(await upgradeStatus(`${base}/${room}?token=${alice.accessToken}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}/${room}?token=${alice.accessToken}`, { Origin: 'http://app.example' })).toBe(101);
    expect(await upgradeStatus(`${base}/${room}?token=${alice.accessToken}`)).toBe(101);
  });

  it('never agrees to permessage-deflate, which the frames written straight to each socket rely on', async () => {
    const room = randomUUID();
    directory.add(room, alice.id);
    const ws = new WebSocket(`${syncUrl(server)}/${room}?token=${alice.accessToken}`, { perMessageDeflate: { threshold: 0 } });
    const first = await new Promise<Buffer>((resolve, reject) => {
      ws.once('message', (data: Buffer) => resolve(data));
      ws.once('error', reject);
    });
    // The offer was made (ws offers it by default), refused, and the sync opened uncompressed: step 1.
    expect(ws.extensions).toBe('');
    expect([...first.subarray(0, 2)]).toEqual([0, 0]);
    ws.close();
  });

  it('closes the socket with 4401 on logout and 4403 on removal from the room', async () => {
    const room = randomUUID();
    const erin = await server.signUp('erin');
    directory.add(room, erin.id, carol.id);
    const e = connect(server, room, erin);
    const c = connect(server, room, carol);
    await Promise.all([synced(e), synced(c)]);
    const eClosed = closedWith(e);
    expect((await server.request('POST', '/api/v1/auth/logout', { token: erin.accessToken })).status).toBe(204);
    expect(await eClosed).toBe(CloseCode.unauthorized);
    await until(() => !server.presence.isOnline(erin.id));

    const cClosed = closedWith(c);
    directory.remove(room, carol.id);
    server.sync.closeUserInRoom(room, carol.id);
    expect(await cClosed).toBe(CloseCode.forbidden);
  });

  it('closes every socket of a deactivated user with 4401', async () => {
    const room = randomUUID();
    const fred = await server.signUp('fred');
    directory.add(room, fred.id);
    const f = connect(server, room, fred);
    await synced(f);
    const closed = closedWith(f);
    server.events.emit('user.deactivated', { userId: fred.id });
    expect(await closed).toBe(CloseCode.unauthorized);
  });

  it('writes as the server-owned client (stored and broadcast), unloads idle rooms and loads them again', async () => {
    const s = await startTestServer({ syncRoomIdleMs: 50 });
    try {
      const room = randomUUID();
      const user = await s.signUp('gina');
      s.sync.setRoomDirectory(new MemoryRoomDirectory().add(room, user.id));
      const p = connect(s, room, user);
      await synced(p);
      s.sync.write(room, (doc) => sendSystemMessage(doc, { event: { type: 'member.added', userId: user.id, byUserId: user.id }, text: 'gina joined' }));
      await until(() => listMessages(p.doc).length === 1);
      expect(updateCount(s, room)).toBe(1);
      sendMessage(p.doc, { author: user.id, text: 'hi all' });
      await until(() => updateCount(s, room) === 2);
      p.destroy();
      await until(() => s.sync.stats().rooms === 0);
      // Two updates are below the unload compaction threshold: the room reloads from its journal.
      expect(updateCount(s, room)).toBe(2);
      const again = connect(s, room, user);
      await synced(again);
      expect(listMessages(again.doc).map((m) => m.text)).toEqual(['gina joined', 'hi all']);
      // A fresh client writes into the reloaded room.
      sendMessage(again.doc, { author: user.id, text: 'still works' });
      await until(() => updateCount(s, room) === 3);
      again.destroy();
    } finally {
      await s.stop();
    }
  });
});
