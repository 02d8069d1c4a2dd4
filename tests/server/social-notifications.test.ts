import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

let n = 0;
const newUser = () => s.signUp(`n${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);

const befriend = (a: TestUser, b: TestUser) => befriendUsers(s, a, b);

const inbox = async (u: TestUser, query = '') => (await call('GET', `/notifications${query}`, u)).body;

/** Friend-request mails to `u` once the queue is drained (sign-up mails are always there). */
async function friendMails(u: TestUser) {
  await s.mailer.flush();
  return (await s.mails(u.email)).filter((m) => /wants to be your friend/.test(m.subject));
}

describe('notifications', () => {
  it('friend request received and accepted', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const sent = await call('POST', '/friends/requests', alice, { username: bob.username });
    const got = await inbox(bob);
    expect(got).toMatchObject({ total: 1, unreadCount: 1, page: 1, pages: 1 });
    expect(got.items[0]).toEqual({
      id: expect.any(String),
      type: 'friend_request.received',
      actor: expect.objectContaining({ id: alice.id, username: alice.username }),
      requestId: sent.body.id,
      createdAt: expect.any(String),
      read: false,
    });
    expect(got.items[0].actor.email).toBeUndefined();

    await call('POST', `/friends/requests/${sent.body.id}/accept`, bob);
    const back = await inbox(alice);
    expect(back.items).toEqual([expect.objectContaining({ type: 'friend_request.accepted', actor: expect.objectContaining({ id: bob.id }), requestId: sent.body.id })]);
  });

  it('added to and removed from a group (the creator is not notified)', async () => {
    const [owner, a, b] = [await newUser(), await newUser(), await newUser()];
    await befriend(owner, a);
    await befriend(owner, b);
    const group = (await call('POST', '/groups', owner, { name: 'Climbing', members: [a.username] })).body;
    await call('POST', `/groups/${group.id}/members`, owner, { username: b.username });
    await call('PATCH', `/groups/${group.id}`, owner, { name: 'Bouldering' });
    await call('DELETE', `/groups/${group.id}/members/${b.id}`, owner);

    const forA = (await inbox(a)).items.filter((i: any) => i.type.startsWith('group.'));
    expect(forA).toEqual([expect.objectContaining({ type: 'group.added', conversationId: group.id, groupName: 'Climbing', actor: expect.objectContaining({ id: owner.id }) })]);
    const forB = (await inbox(b)).items.filter((i: any) => i.type.startsWith('group.'));
    expect(forB.map((i: any) => [i.type, i.groupName])).toEqual([['group.removed', 'Bouldering'], ['group.added', 'Climbing']]);
    expect((await inbox(owner)).items.filter((i: any) => i.type.startsWith('group.'))).toEqual([]);
  });

  it('unread filter, pagination, marking some or all read; other people’s ids are ignored', async () => {
    const me = await newUser();
    const senders = [await newUser(), await newUser(), await newUser()];
    for (const x of senders) await call('POST', '/friends/requests', x, { username: me.username });
    const other = await newUser();
    await call('POST', '/friends/requests', me, { username: other.username });
    const othersId = (await inbox(other)).items[0].id;

    const all = await inbox(me, '?size=2');
    expect(all).toMatchObject({ total: 3, size: 2, pages: 2, unreadCount: 3 });
    // Newest first.
    expect(all.items.map((i: any) => i.actor.id)).toEqual([senders[2]!.id, senders[1]!.id]);

    expect((await call('POST', '/notifications/read', me, { ids: [all.items[0].id, othersId, randomUUID()] })).status).toBe(204);
    expect(await inbox(me, '?unread=true')).toMatchObject({ total: 2, unreadCount: 2 });
    expect((await inbox(me, '?unread=false')).total).toBe(3);
    expect((await inbox(other)).items[0].read).toBe(false);

    expect((await call('POST', '/notifications/read', me, { all: true })).status).toBe(204);
    expect(await inbox(me, '?unread=true')).toMatchObject({ total: 0, items: [], unreadCount: 0 });
    expect((await inbox(me)).items.every((i: any) => i.read)).toBe(true);
  });

  it('validates queries and bodies (400) and needs a token (401)', async () => {
    const me = await newUser();
    for (const body of [{}, { ids: [] }, { ids: ['nope'] }, { all: false }, { all: true, ids: [randomUUID()] }]) {
      expect((await call('POST', '/notifications/read', me, body)).status).toBe(400);
    }
    expect((await call('GET', '/notifications?unread=maybe', me)).status).toBe(400);
    expect((await call('GET', '/notifications?size=1000', me)).status).toBe(400);
    expect((await call('GET', '/notifications')).status).toBe(401);
    expect((await call('POST', '/notifications/read', undefined, { all: true })).status).toBe(401);
  });
});

describe('settings and friend-request mail', () => {
  it('every switch is on by default; PATCH changes only what it names', async () => {
    const me = await newUser();
    const initial = await call('GET', '/users/me/settings', me);
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({ settings: { emailFriendRequests: true, emailMissedMessages: true, desktopNotifications: true } });
    const patched = await call('PATCH', '/users/me/settings', me, { emailMissedMessages: false });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ emailFriendRequests: true, emailMissedMessages: false, desktopNotifications: true });
    expect((await call('GET', '/users/me/settings', me)).body).toEqual(patched.body);
    for (const body of [{}, { emailFriendRequests: 'yes' }, { unknownSwitch: true }]) {
      expect((await call('PATCH', '/users/me/settings', me, body)).status).toBe(400);
    }
    expect((await call('GET', '/users/me/settings')).status).toBe(401);
  });

  it('a friend request mails the recipient while the setting is on', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    await call('POST', '/friends/requests', alice, { username: bob.username });
    const [mail] = await friendMails(bob);
    expect(mail?.subject).toBe(`${alice.username} wants to be your friend on Parley`);
    expect(mail?.text).toContain(`Hi ${bob.username},`);
    expect(mail?.text).toContain(`${alice.username} sent you a friend request`);
    expect(mail?.html).toContain(alice.username);

    expect((await call('PATCH', '/users/me/settings', bob, { emailFriendRequests: false })).status).toBe(200);
    await call('POST', '/friends/requests', carol, { username: bob.username });
    expect(await friendMails(bob)).toHaveLength(1);
    // The in-app notification is still made.
    expect((await inbox(bob)).total).toBe(2);
  });

  it('asking, withdrawing and asking again mails only once a day', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    for (let i = 0; i < 3; i++) {
      const r = await call('POST', '/friends/requests', alice, { username: bob.username });
      expect((await call('DELETE', `/friends/requests/${r.body.id}`, alice)).status).toBe(204);
    }
    expect(await friendMails(bob)).toHaveLength(1);
  });
});
