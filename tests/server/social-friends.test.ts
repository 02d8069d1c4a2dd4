import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

let n = 0;
const newUser = (prefix = 'f') => s.signUp(`${prefix}${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);

async function request(from: TestUser, to: TestUser) {
  const r = await call('POST', '/friends/requests', from, { username: to.username });
  expect(r.status).toBe(201);
  return r.body.id as string;
}

async function befriend(a: TestUser, b: TestUser) {
  const id = await request(a, b);
  expect((await call('POST', `/friends/requests/${id}/accept`, b)).status).toBe(200);
}

const friendNames = async (u: TestUser) => (await call('GET', '/friends', u)).body.items.map((f: any) => f.user.username);

describe('friend requests', () => {
  it('send, list both sides, accept: both become friends with since and online', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const sent = await call('POST', '/friends/requests', alice, { username: bob.username.toUpperCase() });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', direction: 'outgoing', user: { id: bob.id, username: bob.username } });
    expect(sent.body.user.email).toBeUndefined();

    const mine = await call('GET', '/friends/requests', alice);
    expect(mine.body).toEqual({ incoming: [], outgoing: [expect.objectContaining({ id: sent.body.id, user: expect.objectContaining({ id: bob.id }) })] });
    const theirs = await call('GET', '/friends/requests', bob);
    expect(theirs.body.incoming).toEqual([expect.objectContaining({ id: sent.body.id, direction: 'incoming', user: expect.objectContaining({ id: alice.id }) })]);
    expect(theirs.body.outgoing).toEqual([]);

    const accepted = await call('POST', `/friends/requests/${sent.body.id}/accept`, bob);
    expect(accepted.status).toBe(200);
    expect(accepted.body.friend).toMatchObject({ user: { id: alice.id }, online: false });

    const list = await call('GET', '/friends', alice);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([{ user: expect.objectContaining({ id: bob.id, username: bob.username }), online: false, since: expect.any(String) }]);
    expect(await friendNames(bob)).toEqual([alice.username]);
    expect((await call('GET', '/friends/requests', bob)).body).toEqual({ incoming: [], outgoing: [] });
    // Answered requests are gone.
    expect((await call('POST', `/friends/requests/${sent.body.id}/accept`, bob)).status).toBe(404);
  });

  it('refuses yourself (400), unknown users (404), malformed usernames (400), duplicates and friends (409)', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    expect((await call('POST', '/friends/requests', alice, { username: alice.username })).status).toBe(400);
    expect((await call('POST', '/friends/requests', alice, { username: 'nobody-here' })).status).toBe(404);
    expect((await call('POST', '/friends/requests', alice, { username: 'no spaces!' })).status).toBe(400);
    expect((await call('POST', '/friends/requests', alice, {})).status).toBe(400);
    expect((await call('POST', '/friends/requests', alice, { username: bob.username, extra: 1 })).status).toBe(400);

    await request(alice, bob);
    const dup = await call('POST', '/friends/requests', alice, { username: bob.username });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('request_pending');

    const { incoming } = (await call('GET', '/friends/requests', bob)).body;
    await call('POST', `/friends/requests/${incoming[0].id}/accept`, bob);
    for (const [from, to] of [[alice, bob], [bob, alice]] as const) {
      const again = await call('POST', '/friends/requests', from, { username: to.username });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('already_friends');
    }
  });

  it('asking back accepts the pending request (mutual request)', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const id = await request(alice, bob);
    const back = await call('POST', '/friends/requests', bob, { username: alice.username });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({ id, status: 'accepted', direction: 'incoming', user: { id: alice.id } });
    expect(await friendNames(alice)).toEqual([bob.username]);
    expect(await friendNames(bob)).toEqual([alice.username]);
    expect((await call('GET', '/friends/requests', alice)).body).toEqual({ incoming: [], outgoing: [] });
  });

  it('only the recipient accepts or declines, only the sender cancels; unknown 404, malformed 400', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    const id = await request(alice, bob);
    expect((await call('POST', `/friends/requests/${id}/accept`, alice)).status).toBe(403);
    expect((await call('POST', `/friends/requests/${id}/accept`, carol)).status).toBe(403);
    expect((await call('POST', `/friends/requests/${id}/decline`, alice)).status).toBe(403);
    expect((await call('POST', `/friends/requests/${id}/decline`, carol)).status).toBe(403);
    expect((await call('DELETE', `/friends/requests/${id}`, bob)).status).toBe(403);
    expect((await call('DELETE', `/friends/requests/${id}`, carol)).status).toBe(403);
    for (const path of [`/friends/requests/${randomUUID()}/accept`, `/friends/requests/${randomUUID()}/decline`]) {
      expect((await call('POST', path, bob)).status).toBe(404);
    }
    expect((await call('DELETE', `/friends/requests/${randomUUID()}`, alice)).status).toBe(404);
    expect((await call('POST', '/friends/requests/42/accept', bob)).status).toBe(400);
    expect((await call('DELETE', '/friends/requests/not-an-id', alice)).status).toBe(400);

    expect((await call('POST', `/friends/requests/${id}/decline`, bob)).status).toBe(204);
    expect((await call('POST', `/friends/requests/${id}/accept`, bob)).status).toBe(404);
    expect(await friendNames(alice)).toEqual([]);

    // Declined: the sender may ask again, and then withdraw.
    const again = await request(alice, bob);
    expect((await call('DELETE', `/friends/requests/${again}`, alice)).status).toBe(204);
    expect((await call('GET', '/friends/requests', bob)).body.incoming).toEqual([]);
    expect((await call('DELETE', `/friends/requests/${again}`, alice)).status).toBe(404);
  });

  it('removing a friend: 204, then 404; yourself 400; malformed 400', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    await befriend(alice, bob);
    expect((await call('DELETE', `/friends/${bob.id}`, alice)).status).toBe(204);
    expect(await friendNames(alice)).toEqual([]);
    expect(await friendNames(bob)).toEqual([]);
    expect((await call('DELETE', `/friends/${bob.id}`, alice)).status).toBe(404);
    expect((await call('DELETE', `/friends/${randomUUID()}`, alice)).status).toBe(404);
    expect((await call('DELETE', `/friends/${alice.id}`, alice)).status).toBe(400);
    expect((await call('DELETE', '/friends/nope', alice)).status).toBe(400);
    // They can become friends again.
    await befriend(bob, alice);
    expect(await friendNames(alice)).toEqual([bob.username]);
  });

  it('friends are listed by username', async () => {
    const me = await newUser();
    const others = [await newUser('zz'), await newUser('aa'), await newUser('mm')];
    for (const o of others) await befriend(o, me);
    expect(await friendNames(me)).toEqual(others.map((o) => o.username).sort());
  });
});

describe('blocks', () => {
  it('blocking ends the friendship and pending requests; the blocked user can no longer reach or find the blocker', async () => {
    const [alice, bob, carol] = [await newUser('blk'), await newUser('blk'), await newUser('blk')];
    await befriend(alice, bob);
    await request(carol, alice);
    expect((await call('POST', `/users/${bob.id}/block`, alice)).status).toBe(204);
    expect((await call('POST', `/users/${carol.id}/block`, alice)).status).toBe(204);
    expect(await friendNames(alice)).toEqual([]);
    expect(await friendNames(bob)).toEqual([]);
    expect((await call('GET', '/friends/requests', carol)).body.outgoing).toEqual([]);

    const blocks = await call('GET', '/blocks', alice);
    expect(blocks.status).toBe(200);
    expect(blocks.body.items.map((b: any) => b.user.id).sort()).toEqual([bob.id, carol.id].sort());
    expect(blocks.body.items[0]).toEqual({ user: expect.objectContaining({ username: expect.any(String) }), since: expect.any(String) });

    const asked = await call('POST', '/friends/requests', bob, { username: alice.username });
    expect(asked.status).toBe(403);
    expect(asked.body.error.code).toBe('blocked');
    const asking = await call('POST', '/friends/requests', alice, { username: bob.username });
    expect(asking.status).toBe(403);
    expect(asking.body.error.code).toBe('blocked_by_you');

    const search = (u: TestUser, q: string) => call('GET', `/users/search?q=${encodeURIComponent(q)}`, u);
    expect((await search(bob, alice.username)).body.items).toEqual([]);
    expect((await search(bob, 'blk')).body.items.map((i: any) => i.id)).not.toContain(alice.id);
    expect((await search(alice, bob.username)).body.items.map((i: any) => i.id)).toEqual([bob.id]);

    expect((await call('POST', `/users/${bob.id}/block`, alice)).status).toBe(409);
    expect((await call('DELETE', `/users/${bob.id}/block`, alice)).status).toBe(204);
    expect((await call('DELETE', `/users/${bob.id}/block`, alice)).status).toBe(404);
    expect((await search(bob, alice.username)).body.items.map((i: any) => i.id)).toEqual([alice.id]);
    // Unblocking does not restore the friendship, but allows asking again.
    expect(await friendNames(alice)).toEqual([]);
    expect((await call('POST', '/friends/requests', bob, { username: alice.username })).status).toBe(201);
  });

  it('refuses blocking yourself (400), unknown users (404) and malformed ids (400)', async () => {
    const alice = await newUser();
    expect((await call('POST', `/users/${alice.id}/block`, alice)).status).toBe(400);
    expect((await call('POST', `/users/${randomUUID()}/block`, alice)).status).toBe(404);
    expect((await call('DELETE', `/users/${randomUUID()}/block`, alice)).status).toBe(404);
    expect((await call('POST', '/users/xyz/block', alice)).status).toBe(400);
    expect((await call('DELETE', '/users/xyz/block', alice)).status).toBe(400);
  });
});

describe('deactivated accounts', () => {
  it('cannot be befriended or blocked (404), vanish from lists, and their token stops working', async () => {
    const [alice, bob, dave] = [await newUser(), await newUser(), await newUser()];
    await befriend(alice, dave);
    await request(dave, bob);
    expect((await call('DELETE', '/users/me', dave, { password: PASSWORD })).status).toBe(204);

    expect((await call('POST', '/friends/requests', bob, { username: dave.username })).status).toBe(404);
    expect((await call('POST', `/users/${dave.id}/block`, bob)).status).toBe(404);
    expect(await friendNames(alice)).toEqual([]);
    expect((await call('GET', '/friends/requests', bob)).body.incoming).toEqual([]);
    expect((await call('GET', '/friends', dave)).status).toBe(401);
  });
});
