import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { startServer } from '../../server/server.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

/** Messages over REST: send, history, edit, delete, read positions, and the conversation list they feed. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

let n = 0;
const newUser = () => s.signUp(`m${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);

async function pair(): Promise<{ alice: TestUser; bob: TestUser; id: string }> {
  const [alice, bob] = [await newUser(), await newUser()];
  await befriendUsers(s, alice, bob);
  const r = await call('POST', '/conversations/direct', alice, { username: bob.username });
  return { alice, bob, id: r.body.id };
}

const send = async (id: string, user: TestUser, body: unknown) => {
  const r = await call('POST', `/conversations/${id}/messages`, user, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.message;
};
const listed = async (user: TestUser, id: string) => (await call('GET', '/conversations', user)).body.items.find((c: any) => c.id === id);

describe('sending and history', () => {
  it('sends as the caller and answers the stored message; history shows it', async () => {
    const { alice, bob, id } = await pair();
    const m = await send(id, alice, { text: 'hello bob' });
    expect(m).toMatchObject({ conversationId: id, author: alice.id, text: 'hello bob', deleted: false, readBy: [] });
    expect(Date.parse(m.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    const history = await call('GET', `/conversations/${id}/messages`, bob);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ items: [m], nextCursor: null });
  });

  it('replies must name a message of the same conversation; mentions resolve @username of members', async () => {
    const { alice, bob, id } = await pair();
    const other = await pair();
    const first = await send(id, alice, { text: 'first' });
    const reply = await send(id, bob, { text: `@${alice.username} agreed`, replyTo: first.id });
    expect(reply).toMatchObject({ replyTo: first.id, mentions: [alice.id] });
    const foreign = await send(other.id, other.alice, { text: 'elsewhere' });
    const bad = await call('POST', `/conversations/${id}/messages`, alice, { text: 'x', replyTo: foreign.id });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('unknown_reply');
    expect((await call('POST', `/conversations/${id}/messages`, alice, { text: 'x', replyTo: 'no-such-message' })).status).toBe(400);
    const stranger = await call('POST', `/conversations/${id}/messages`, alice, { text: `hi @${other.bob.username}` });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error).toMatchObject({ code: 'unknown_mention', details: { usernames: [other.bob.username] } });
    // An address is not a mention.
    expect((await send(id, alice, { text: 'write to me@example.com' })).mentions).toBeUndefined();
    // Nothing of the refused ones landed.
    const texts = (await call('GET', `/conversations/${id}/messages`, alice)).body.items.map((x: any) => x.text);
    expect(texts).toEqual(['first', `@${alice.username} agreed`, 'write to me@example.com']);
  });

  it('refuses empty, too long and malformed input with 400, strangers with 403, unknown conversations with 404', async () => {
    const { alice, id } = await pair();
    const stranger = await newUser();
    for (const body of [{ text: '' }, { text: 'x'.repeat(5001) }, {}, { text: 5 }, { text: 'hi', extra: 1 }]) {
      expect((await call('POST', `/conversations/${id}/messages`, alice, body)).status).toBe(400);
    }
    expect((await send(id, alice, { text: 'x'.repeat(5000) })).text).toHaveLength(5000);
    expect((await call('POST', `/conversations/${id}/messages`, stranger, { text: 'hi' })).status).toBe(403);
    expect((await call('GET', `/conversations/${id}/messages`, stranger)).status).toBe(403);
    expect((await call('POST', `/conversations/${randomUUID()}/messages`, alice, { text: 'hi' })).status).toBe(404);
    expect((await call('GET', `/conversations/not-an-id/messages`, alice)).status).toBe(400);
    expect((await call('GET', `/conversations/${id}/messages?limit=0`, alice)).status).toBe(400);
    expect((await call('GET', `/conversations/${id}/messages?limit=101`, alice)).status).toBe(400);
    expect((await call('GET', `/conversations/${id}/messages?before=unknown`, alice)).status).toBe(400);
    expect((await call('POST', `/conversations/${id}/messages`, undefined, { text: 'hi' })).status).toBe(401);
  });

  it('pages backwards with a cursor that stays stable while new messages arrive', async () => {
    const { alice, bob, id } = await pair();
    for (let i = 0; i < 7; i++) await send(id, i % 2 ? bob : alice, { text: `m${i}` });
    const page1 = await call('GET', `/conversations/${id}/messages?limit=3`, alice);
    expect(page1.body.items.map((m: any) => m.text)).toEqual(['m4', 'm5', 'm6']);
    expect(page1.body.nextCursor).toBe(page1.body.items[0].id);
    // New messages arrive between pages (some concurrently with the reads).
    const [, page2] = await Promise.all([
      Promise.all([send(id, bob, { text: 'late1' }), send(id, alice, { text: 'late2' })]),
      call('GET', `/conversations/${id}/messages?limit=3&before=${page1.body.nextCursor}`, alice),
    ]);
    expect(page2.body.items.map((m: any) => m.text)).toEqual(['m1', 'm2', 'm3']);
    const page3 = await call('GET', `/conversations/${id}/messages?limit=3&before=${page2.body.nextCursor}`, alice);
    expect(page3.body).toMatchObject({ nextCursor: null });
    expect(page3.body.items.map((m: any) => m.text)).toEqual(['m0']);
    const newest = await call('GET', `/conversations/${id}/messages?limit=2`, alice);
    expect(newest.body.items.map((m: any) => m.text)).toEqual(['late1', 'late2']);
    expect((await call('GET', `/conversations/${id}/messages?limit=100`, bob)).body.items).toHaveLength(9);
  });
});

describe('editing and deleting', () => {
  it('own messages only: others 403, unknown 404; history applies edits and hides deleted text', async () => {
    const { alice, bob, id } = await pair();
    const m = await send(id, alice, { text: 'typo' });
    const edited = await call('PATCH', `/conversations/${id}/messages/${m.id}`, alice, { text: 'fixed' });
    expect(edited.status).toBe(200);
    expect(edited.body.message).toMatchObject({ id: m.id, text: 'fixed', deleted: false });
    expect(edited.body.message.editedAt).toBeDefined();
    expect((await call('PATCH', `/conversations/${id}/messages/${m.id}`, bob, { text: 'mine now' })).status).toBe(403);
    expect((await call('DELETE', `/conversations/${id}/messages/${m.id}`, bob)).status).toBe(403);
    expect((await call('PATCH', `/conversations/${id}/messages/nope`, alice, { text: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/conversations/${id}/messages/nope`, alice)).status).toBe(404);
    expect((await call('PATCH', `/conversations/${id}/messages/${m.id}`, alice, { text: '' })).status).toBe(400);
    expect((await call('PATCH', `/conversations/${id}/messages/bad%20id`, alice, { text: 'x' })).status).toBe(400);

    const keep = await send(id, bob, { text: 'keep me', replyTo: m.id });
    expect((await call('DELETE', `/conversations/${id}/messages/${m.id}`, alice)).status).toBe(204);
    expect((await call('DELETE', `/conversations/${id}/messages/${m.id}`, alice)).status).toBe(204);
    expect((await call('PATCH', `/conversations/${id}/messages/${m.id}`, alice, { text: 'back' })).status).toBe(404);
    const items = (await call('GET', `/conversations/${id}/messages`, bob)).body.items;
    expect(items[0]).toMatchObject({ id: m.id, author: alice.id, deleted: true });
    expect(items[0].text).toBeUndefined();
    expect(items[1]).toMatchObject({ id: keep.id, text: 'keep me', replyTo: m.id });
  });
});

describe('read positions and the conversation list', () => {
  it('unreadCount and lastMessage come from the index; reads never move backwards', async () => {
    const { alice, bob, id } = await pair();
    const a1 = await send(id, alice, { text: 'one' });
    await send(id, alice, { text: 'two' });
    const a3 = await send(id, alice, { text: 'three' });
    expect(await listed(bob, id)).toMatchObject({ unreadCount: 3, lastMessage: { id: a3.id, author: alice.id, text: 'three', deleted: false } });
    expect((await listed(alice, id)).unreadCount).toBe(0);

    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: a3.id })).status).toBe(204);
    expect((await listed(bob, id)).unreadCount).toBe(0);
    // Backwards is a no-op.
    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: a1.id })).status).toBe(204);
    expect((await listed(bob, id)).unreadCount).toBe(0);
    const history = (await call('GET', `/conversations/${id}/messages`, alice)).body.items;
    expect(history.map((m: any) => m.readBy)).toEqual([[bob.id], [bob.id], [bob.id]]);

    await send(id, alice, { text: 'four' });
    const b = await send(id, bob, { text: 'mine' });
    expect((await listed(bob, id)).unreadCount).toBe(1);
    expect((await listed(alice, id)).lastMessage).toMatchObject({ id: b.id, text: 'mine' });
    expect((await call('DELETE', `/conversations/${id}/messages/${b.id}`, bob)).status).toBe(204);
    expect((await listed(alice, id)).lastMessage).toMatchObject({ id: b.id, text: '', deleted: true });

    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: 'nope' })).status).toBe(404);
    expect((await call('POST', `/conversations/${id}/read`, bob, {})).status).toBe(400);
    expect((await call('POST', `/conversations/${id}/read`, await newUser(), { messageId: a1.id })).status).toBe(403);
  });

  it('lists the most recently active conversation first, from SQL only', async () => {
    const { alice, id: first } = await pair();
    const carol = await newUser();
    await befriendUsers(s, alice, carol);
    const second = (await call('POST', '/conversations/direct', alice, { username: carol.username })).body.id;
    await send(second, alice, { text: 'to carol' });
    await send(first, alice, { text: 'to bob' });
    const items = (await call('GET', '/conversations', alice)).body.items;
    expect(items.map((c: any) => c.id).slice(0, 2)).toEqual([first, second]);
    // The list is served from the index, even with no document in memory.
    expect(s.db.prepare('SELECT last_message_text FROM conversation_index WHERE conversation_id = ?').pluck().get(first)).toBe('to bob');
  });
});

describe('closed conversations', () => {
  it('a direct chat between ex-friends stays readable but refuses new messages (403)', async () => {
    const { alice, bob, id } = await pair();
    const m = await send(id, alice, { text: 'before' });
    expect((await call('DELETE', `/friends/${bob.id}`, alice)).status).toBe(204);
    const refused = await call('POST', `/conversations/${id}/messages`, bob, { text: 'after' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('conversation_closed');
    expect((await call('GET', `/conversations/${id}/messages`, bob)).body.items.map((x: any) => x.id)).toEqual([m.id]);
    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: m.id })).status).toBe(204);
    await befriendUsers(s, alice, bob);
    expect((await call('POST', `/conversations/${id}/messages`, bob, { text: 'friends again' })).status).toBe(201);
  });

  it('a removed group member can no longer post (403)', async () => {
    const owner = await newUser();
    const bob = await newUser();
    await befriendUsers(s, owner, bob);
    const g = (await call('POST', '/groups', owner, { name: 'crew', members: [bob.username] })).body;
    await send(g.id, bob, { text: 'hi crew' });
    expect((await call('DELETE', `/groups/${g.id}/members/${bob.id}`, owner)).status).toBe(204);
    expect((await call('POST', `/conversations/${g.id}/messages`, bob, { text: 'still here?' })).status).toBe(403);
  });
});

describe('the derived index across restarts', () => {
  it('is rebuilt from the documents when missing or behind', async () => {
    const t = await startTestServer();
    let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const [alice, bob] = [await t.signUp('idx-alice'), await t.signUp('idx-bob')];
      await befriendUsers(t, alice, bob);
      const id = (await callAs(t, 'POST', '/conversations/direct', alice, { username: bob.username })).body.id;
      for (const text of ['one', 'two']) expect((await callAs(t, 'POST', `/conversations/${id}/messages`, alice, { text })).status).toBe(201);
      // As if the rows were lost (or written before the index existed).
      t.db.prepare('DELETE FROM conversation_index').run();
      t.db.prepare('DELETE FROM conversation_reads').run();
      await t.close(1000);
      restarted = await startServer(t.config, t.log);
      const res = await fetch(`${restarted.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${bob.accessToken}` } });
      const item = ((await res.json()) as any).items[0];
      expect(item).toMatchObject({ id, unreadCount: 2, lastMessage: { text: 'two', author: alice.id } });
    } finally {
      await restarted?.close(1000);
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  });
});
