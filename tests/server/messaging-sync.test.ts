import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { conversationRoots, deleteMessage, editMessage, listMessages, markRead, readPosition, sendMessage, SYSTEM_AUTHOR } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { closedWith, connectAs, synced, until } from '../helpers/sync.js';

/** REST and stock y-websocket clients writing the same conversations, with one set of rules. */
let s: TestServer;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  s = await startTestServer({ syncRoomIdleMs: 200 });
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

let n = 0;
const newUser = () => s.signUp(`s${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const connect = async (room: string, user: TestUser, doc = new Y.Doc()) => {
  const p = connectAs(s, room, user, doc);
  open.push(p);
  await synced(p);
  return p;
};
const storedUpdates = (id: string) => s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(id) as number;
const history = async (user: TestUser, id: string, query = '') => (await call('GET', `/conversations/${id}/messages${query}`, user)).body;
/** Retries `check` (which throws until it holds) for up to 10 s. */
async function eventually<T>(check: () => Promise<T>): Promise<T> {
  const end = Date.now() + 10_000;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
const listed = async (user: TestUser, id: string) => (await call('GET', '/conversations', user)).body.items.find((c: any) => c.id === id);

async function pair(): Promise<{ alice: TestUser; bob: TestUser; id: string }> {
  const [alice, bob] = [await newUser(), await newUser()];
  await befriendUsers(s, alice, bob);
  const r = await call('POST', '/conversations/direct', alice, { username: bob.username });
  return { alice, bob, id: r.body.id };
}

describe('REST and sync see each other’s writes', () => {
  it('a REST message reaches a sync client; a sync message shows in REST history and the index', async () => {
    const { alice, bob, id } = await pair();
    const b = await connect(id, bob);
    const sent = (await call('POST', `/conversations/${id}/messages`, alice, { text: 'over REST' })).body.message;
    await until(() => listMessages(b.doc).some((m) => m.id === sent.id));

    const m = sendMessage(b.doc, { author: bob.id, text: `over sync @${alice.username}`, replyTo: sent.id, mentions: [alice.id] });
    markRead(b.doc, { userId: bob.id, messageId: sent.id, device: 'laptop' });
    await eventually(async () => {
      const items = (await history(alice, id)).items;
      expect(items.map((x: any) => x.id)).toEqual([sent.id, m.id]);
      expect(items[1]).toMatchObject({ author: bob.id, replyTo: sent.id, mentions: [alice.id] });
      expect(items[0].readBy).toEqual([bob.id]);
    });
    await eventually(async () => {
      expect(await listed(alice, id)).toMatchObject({ unreadCount: 1, lastMessage: { id: m.id, author: bob.id, text: m.text } });
      expect((await listed(bob, id)).unreadCount).toBe(0);
    });
  });

  it('edits and deletions cross over both ways', async () => {
    const { alice, bob, id } = await pair();
    const a = await connect(id, alice);
    const viaSync = sendMessage(a.doc, { author: alice.id, text: 'sync typo' });
    const viaRest = await eventually(async () => {
      const r = await call('POST', `/conversations/${id}/messages`, alice, { text: 'rest typo', replyTo: viaSync.id });
      expect(r.status).toBe(201);
      return r.body.message;
    });
    editMessage(a.doc, { messageId: viaSync.id, userId: alice.id, text: 'sync fixed' });
    expect((await call('PATCH', `/conversations/${id}/messages/${viaRest.id}`, alice, { text: 'rest fixed' })).status).toBe(200);
    await until(() => listMessages(a.doc).find((x) => x.id === viaRest.id)?.text === 'rest fixed');
    await eventually(async () => expect((await history(bob, id)).items.map((x: any) => x.text)).toEqual(['sync fixed', 'rest fixed']));
    // Bob cannot touch Alice's message over REST, whoever wrote it.
    expect((await call('PATCH', `/conversations/${id}/messages/${viaSync.id}`, bob, { text: 'mine' })).status).toBe(403);
    deleteMessage(a.doc, { messageId: viaRest.id, userId: alice.id });
    expect((await call('DELETE', `/conversations/${id}/messages/${viaSync.id}`, alice)).status).toBe(204);
    await until(() => listMessages(a.doc).every((x) => x.deleted));
    await eventually(async () => {
      const items = (await history(bob, id)).items;
      expect(items.map((x: any) => [x.deleted, x.text])).toEqual([[true, undefined], [true, undefined]]);
    });
  });
});

describe('one set of rules over sync', () => {
  it('refuses a reply to an unknown message, a mention of a non-member and a forged system message (4400), losing nothing', async () => {
    const { alice, bob, id } = await pair();
    const outsider = await newUser();
    const watcher = await connect(id, bob);
    const kept = (await call('POST', `/conversations/${id}/messages`, bob, { text: 'kept' })).body.message;
    const attempts: Array<(doc: Y.Doc) => void> = [
      (doc) => conversationRoots(doc).messages.push([{ id: 'r1', author: alice.id, text: 'reply', createdAt: Date.now(), replyTo: 'nope' }]),
      (doc) => conversationRoots(doc).messages.push([{ id: 'r2', author: alice.id, text: 'hey', createdAt: Date.now(), mentions: [outsider.id] }]),
      (doc) =>
        conversationRoots(doc).messages.push([
          { id: 'r3', author: alice.id, text: 'bob left', createdAt: Date.now(), system: { type: 'member.left', userId: bob.id } },
        ]),
      (doc) =>
        conversationRoots(doc).messages.push([
          { id: 'r4', author: SYSTEM_AUTHOR, text: 'bob left', createdAt: Date.now(), system: { type: 'member.left', userId: bob.id } },
        ]),
      (doc) => conversationRoots(doc).edits.set(kept.id, { text: 'hijacked', editedAt: Date.now() }),
    ];
    for (const attempt of attempts) {
      const before = storedUpdates(id);
      const p = await connect(id, alice);
      const closed = closedWith(p);
      attempt(p.doc);
      expect(await closed).toBe(CloseCode.invalidUpdate);
      expect(storedUpdates(id)).toBe(before);
    }
    // The honest peer and REST carry on, and nothing of the refused writes is anywhere.
    const after = (await call('POST', `/conversations/${id}/messages`, alice, { text: 'after' })).body.message;
    expect(after).toBeDefined();
    await until(() => listMessages(watcher.doc).some((m) => m.id === after.id));
    expect(listMessages(watcher.doc).map((m) => m.text)).toEqual(['kept', 'after']);
    expect((await history(bob, id)).items.map((m: any) => m.text)).toEqual(['kept', 'after']);
  });

  it('a closed direct conversation refuses new messages over sync with 4403; receipts still go through', async () => {
    const { alice, bob, id } = await pair();
    const m = (await call('POST', `/conversations/${id}/messages`, alice, { text: 'last words' })).body.message;
    expect((await call('DELETE', `/friends/${alice.id}`, bob)).status).toBe(204);
    const b = await connect(id, bob);
    await until(() => listMessages(b.doc).length === 1);
    markRead(b.doc, { userId: bob.id, messageId: m.id, device: 'phone' });
    await eventually(async () => expect((await listed(bob, id)).unreadCount).toBe(0));
    const before = storedUpdates(id);
    const closed = closedWith(b);
    sendMessage(b.doc, { author: bob.id, text: 'anyone?' });
    expect(await closed).toBe(CloseCode.forbidden);
    expect(storedUpdates(id)).toBe(before);
    expect((await history(alice, id)).items.map((x: any) => x.text)).toEqual(['last words']);
  });

  it('whether a direct conversation takes messages follows it closing and reopening while sockets write', async () => {
    const { alice, bob, id } = await pair();
    const texts = async () => (await history(alice, id)).items.map((x: any) => x.text);
    const b1 = await connect(id, bob);
    sendMessage(b1.doc, { author: bob.id, text: 'while friends' });
    await eventually(async () => expect(await texts()).toEqual(['while friends']));
    expect((await call('DELETE', `/friends/${alice.id}`, bob)).status).toBe(204);
    const b2 = await connect(id, bob);
    const closed = closedWith(b2);
    sendMessage(b2.doc, { author: bob.id, text: 'after unfriending' });
    expect(await closed).toBe(CloseCode.forbidden);
    await befriendUsers(s, alice, bob);
    const b3 = await connect(id, bob);
    sendMessage(b3.doc, { author: bob.id, text: 'friends again' });
    await eventually(async () => expect(await texts()).toEqual(['while friends', 'friends again']));
  });
});

describe('receipts and pagination under concurrency', () => {
  it('two devices of one user racing never move the read position backwards', async () => {
    const { alice, bob, id } = await pair();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await call('POST', `/conversations/${id}/messages`, alice, { text: `m${i}` })).body.message.id);
    const [laptop, phone] = [await connect(id, bob), await connect(id, bob)];
    // Concurrently: the laptop reads everything, the phone only the first; REST also reports an old position.
    markRead(laptop.doc, { userId: bob.id, messageId: ids[4] as string, device: 'laptop' });
    markRead(phone.doc, { userId: bob.id, messageId: ids[0] as string, device: 'phone' });
    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: ids[1] })).status).toBe(204);
    await until(() => readPosition(laptop.doc, bob.id)?.messageId === ids[4] && readPosition(phone.doc, bob.id)?.messageId === ids[4]);
    await eventually(async () => {
      expect((await listed(bob, id)).unreadCount).toBe(0);
      expect((await history(alice, id)).items.every((m: any) => m.readBy.includes(bob.id))).toBe(true);
    });
    // A later older read from one device changes nothing.
    expect(markRead(phone.doc, { userId: bob.id, messageId: ids[2] as string, device: 'phone' })).toBe(false);
  });

  it('a sync client may overwrite receipts and edits the server wrote on its user’s behalf over REST', async () => {
    const { alice, bob, id } = await pair();
    const m1 = (await call('POST', `/conversations/${id}/messages`, alice, { text: 'one' })).body.message;
    const m2 = (await call('POST', `/conversations/${id}/messages`, alice, { text: 'two' })).body.message;
    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: m1.id })).status).toBe(204);
    expect((await call('PATCH', `/conversations/${id}/messages/${m2.id}`, alice, { text: 'two!' })).status).toBe(200);
    const [a, b] = [await connect(id, alice), await connect(id, bob)];
    let closes = 0;
    for (const p of [a, b]) p.on('connection-close', () => closes++);
    // Same keys as the server's writes: receipts[bob] (no device) and edits[m2].
    expect(markRead(b.doc, { userId: bob.id, messageId: m2.id })).toBe(true);
    deleteMessage(a.doc, { messageId: m2.id, userId: alice.id });
    await eventually(async () => {
      expect((await listed(bob, id)).unreadCount).toBe(0);
      expect((await history(bob, id)).items[1]).toMatchObject({ id: m2.id, deleted: true });
    });
    expect(closes).toBe(0);
  });

  it('a cursor stays valid while messages written offline merge into the history', async () => {
    const { alice, bob, id } = await pair();
    const offline = new Y.Doc();
    const first = await connect(id, bob, offline);
    for (let i = 0; i < 3; i++) await call('POST', `/conversations/${id}/messages`, alice, { text: `a${i}` });
    await until(() => listMessages(offline).length === 3);
    first.destroy();
    // Bob writes offline while Alice keeps writing over REST.
    for (let i = 0; i < 3; i++) sendMessage(offline, { author: bob.id, text: `offline${i}` });
    for (let i = 3; i < 9; i++) await call('POST', `/conversations/${id}/messages`, alice, { text: `a${i}` });
    const page1 = await history(alice, id, '?limit=4');
    expect(page1.items.map((m: any) => m.text)).toEqual(['a5', 'a6', 'a7', 'a8']);
    await connect(id, bob, offline);
    const full: string[] = await eventually(async () => {
      const items = (await history(alice, id, '?limit=100')).items.map((m: any) => m.text);
      expect(items).toHaveLength(12);
      return items;
    });
    // Walk the older pages from the cursor taken before the merge: exactly what now precedes it, each once.
    const older: string[] = [];
    let cursor: string | null = page1.nextCursor;
    while (cursor) {
      const page = await history(alice, id, `?limit=4&before=${cursor}`);
      older.unshift(...page.items.map((m: any) => m.text));
      cursor = page.nextCursor;
    }
    expect(older).toEqual(full.slice(0, full.indexOf('a5')));
    for (let i = 0; i < 5; i++) expect(older).toContain(`a${i}`);
    // Yjs keeps every replica's order: the merged messages stay in the order Bob wrote them.
    expect(full.filter((t) => t.startsWith('offline'))).toEqual(['offline0', 'offline1', 'offline2']);
  });
});
