import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

/** The derived conversation index: it follows membership however it changes, and writes only member rows that changed. */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  [alice, bob, carol] = await Promise.all([s.signUp('alice'), s.signUp('bob'), s.signUp('carol')]);
  await befriendUsers(s, alice, bob);
  await befriendUsers(s, alice, carol);
});
afterAll(() => s.stop());

const call = (method: string, path: string, user: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const newGroup = async (members: TestUser[]) => (await call('POST', '/groups', alice, { name: 'crew', members: members.map((m) => m.username) })).body.id as string;
const send = async (id: string, text: string) => (await call('POST', `/conversations/${id}/messages`, alice, { text })).body.message.id as string;
const unread = async (user: TestUser, id: string) => ((await call('GET', '/conversations', user)).body.items as any[]).find((c) => c.id === id)?.unreadCount;
/** The per-member index rows: user id → [read message id, unread count, updated_at]. */
const rows = (id: string) =>
  Object.fromEntries(
    (s.db.prepare('SELECT user_id, read_message_id, unread_count, updated_at FROM conversation_reads WHERE conversation_id = ?').all(id) as any[]).map((r) => [
      r.user_id,
      [r.read_message_id, r.unread_count, r.updated_at],
    ]),
  );

describe('the index follows membership', () => {
  it('members added, removed and leaving over REST get and lose their rows', async () => {
    const id = await newGroup([bob]);
    await send(id, 'one');
    await send(id, 'two');
    expect(await unread(bob, id)).toBe(2);
    expect(Object.keys(rows(id)).sort()).toEqual([alice.id, bob.id].sort());

    expect((await call('POST', `/groups/${id}/members`, alice, { username: carol.username })).status).toBeLessThan(300);
    expect(await unread(carol, id)).toBe(2);
    expect(Object.keys(rows(id)).sort()).toEqual([alice.id, bob.id, carol.id].sort());

    expect((await call('DELETE', `/groups/${id}/members/${bob.id}`, alice)).status).toBe(204);
    await unread(alice, id); // reading the list brings the index up to date
    expect(Object.keys(rows(id)).sort()).toEqual([alice.id, carol.id].sort());

    expect((await call('DELETE', `/groups/${id}/members/${carol.id}`, carol)).status).toBe(204);
    await send(id, 'three');
    expect(await unread(alice, id)).toBe(0);
    expect(Object.keys(rows(id))).toEqual([alice.id]);
  });
});

describe('index writes', () => {
  it('rewrite only the member rows that changed; the conversation row always records the flush', async () => {
    const id = await newGroup([bob, carol]);
    const m = await send(id, 'hello');
    s.messaging.indexer.flush();
    const store = s.messaging.store;
    const write = (now: number, reads: Array<[TestUser, string | null, number]>) =>
      store.write(id, { messageCount: 1, last: null, reads: new Map(reads.map(([u, readMessageId, unread]) => [u.id, { readMessageId, unread }])) }, now).rows;
    const indexedAt = () => s.db.prepare('SELECT updated_at FROM conversation_index WHERE conversation_id = ?').pluck().get(id);

    expect(write(1000, [[alice, null, 5], [bob, null, 5], [carol, null, 5]])).toBe(3);
    expect(write(2000, [[alice, null, 5], [bob, null, 5], [carol, null, 5]])).toBe(0);
    expect(rows(id)).toEqual({ [alice.id]: [null, 5, 1000], [bob.id]: [null, 5, 1000], [carol.id]: [null, 5, 1000] });
    expect(indexedAt()).toBe(2000);

    expect(write(3000, [[alice, null, 5], [bob, m, 0], [carol, null, 5]])).toBe(1);
    expect(rows(id)).toEqual({ [alice.id]: [null, 5, 1000], [bob.id]: [m, 0, 3000], [carol.id]: [null, 5, 1000] });

    expect(write(4000, [[alice, null, 5], [bob, m, 0]])).toBe(1);
    expect(rows(id)).toEqual({ [alice.id]: [null, 5, 1000], [bob.id]: [m, 0, 3000] });
    expect(indexedAt()).toBe(4000);
  });

  it('report whose conversation list changed: everyone on a new last message, else only changed rows, nobody for the rest', async () => {
    const id = await newGroup([bob, carol]);
    const m = await send(id, 'hello');
    s.messaging.indexer.flush();
    const store = s.messaging.store;
    const last = { id: m, author: alice.id, text: 'hello', createdAt: Date.now(), deleted: false };
    const write = (lastMessage: typeof last, reads: Array<[TestUser, string | null, number]>) =>
      store.write(id, { messageCount: 1, last: lastMessage, reads: new Map(reads.map(([u, readMessageId, unread]) => [u.id, { readMessageId, unread }])) }).changedFor.sort();
    const everyone = [alice.id, bob.id, carol.id].sort();

    write(last, [[alice, m, 0], [bob, null, 1], [carol, null, 1]]);
    // The same listing again (a delivered receipt, an edit of an older message): nobody.
    expect(write(last, [[alice, m, 0], [bob, null, 1], [carol, null, 1]])).toEqual([]);
    expect(write(last, [[alice, m, 0], [bob, m, 0], [carol, null, 1]])).toEqual([bob.id]);
    expect(write({ ...last, text: 'edited' }, [[alice, m, 0], [bob, m, 0], [carol, null, 1]])).toEqual(everyone);
    expect(write({ ...last, text: 'edited' }, [[alice, m, 0], [bob, m, 0]])).toEqual([carol.id]);
  });

  it('a read receipt over REST touches only the reader’s row', async () => {
    const id = await newGroup([bob, carol]);
    const m = await send(id, 'hello');
    await unread(alice, id);
    const before = rows(id);
    expect(before[bob.id]?.slice(0, 2)).toEqual([null, 1]);
    expect((await call('POST', `/conversations/${id}/read`, bob, { messageId: m })).status).toBe(204);
    await unread(bob, id);
    const after = rows(id);
    expect(after[bob.id]?.slice(0, 2)).toEqual([m, 0]);
    expect(after[alice.id]).toEqual(before[alice.id]);
    expect(after[carol.id]).toEqual(before[carol.id]);
  });
});

describe('flushing the sync server', () => {
  it('hands what was just accepted to the index at once (shutdown flushes before listeners stop)', async () => {
    const id = await newGroup([bob]);
    const count = () => s.db.prepare('SELECT message_count FROM conversation_index WHERE conversation_id = ?').pluck().get(id);
    s.messaging.indexer.flush();
    const before = count();
    // All synchronous: no turn of the event loop for the listeners' usual batch.
    s.sync.write(id, (doc) => sendMessage(doc, { author: alice.id, text: 'last words' }));
    s.sync.flush();
    s.messaging.indexer.flush();
    expect(count()).toBe(Number(before) + 1);
  });
});
