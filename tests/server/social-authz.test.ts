import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

/**
 * Who may do what: every social endpoint against every kind of caller, as tables.
 * Each case runs against fresh state, so one case's side effects never decide another's answer.
 */

let s: TestServer;
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);

const befriend = (a: TestUser, b: TestUser) => befriendUsers(s, a, b);

let n = 0;
const newUser = (role: string) => s.signUp(`${role.toLowerCase()}${++n}x${randomUUID().slice(0, 4)}`);

// ---- group and conversation endpoints -----------------------------------------------------

const ACTORS = ['owner', 'admin', 'member', 'nonMember', 'blocked', 'deactivated', 'anonymous'] as const;
type Actor = (typeof ACTORS)[number];

/** The people around one group: its owner, an admin, a member; plus outsiders. */
interface Cast {
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  admin2: TestUser;
  plain: TestUser;
  spare: TestUser;
}
let cast: Cast;

/** A group owned by `owner` with admins `admin`, `admin2` and members `member`, `plain`. */
async function freshGroup(): Promise<string> {
  const { users, admin2, plain } = cast;
  const r = await call('POST', '/groups', users.owner, { name: 'Matrix', members: [users.admin, admin2, users.member, plain].map((u) => u.username) });
  expect(r.status).toBe(201);
  for (const a of [users.admin, admin2]) expect((await call('PATCH', `/groups/${r.body.id}/members/${a.id}`, users.owner, { role: 'admin' })).status).toBe(200);
  return r.body.id;
}

interface GroupCase {
  name: string;
  method: string;
  path: (g: string, actor: TestUser | undefined) => string;
  body?: () => unknown;
  /** Expected status per actor, in the order of ACTORS. */
  expect: [number, number, number, number, number, number, number];
}

const GROUP_CASES: GroupCase[] = [
  //                                                                               owner admin member nonMem blocked deact anon
  { name: 'GET /conversations', method: 'GET', path: () => '/conversations', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'GET /conversations/:id', method: 'GET', path: (g) => `/conversations/${g}`, expect: [200, 200, 200, 403, 403, 401, 401] },
  { name: 'PATCH /groups/:id', method: 'PATCH', path: (g) => `/groups/${g}`, body: () => ({ name: 'New name' }), expect: [200, 200, 403, 403, 403, 401, 401] },
  { name: 'POST /groups/:id/members', method: 'POST', path: (g) => `/groups/${g}/members`, body: () => ({ username: cast.spare.username }), expect: [201, 201, 403, 403, 403, 401, 401] },
  { name: 'DELETE /groups/:id/members/:member', method: 'DELETE', path: (g) => `/groups/${g}/members/${cast.plain.id}`, expect: [204, 204, 403, 403, 403, 401, 401] },
  { name: 'DELETE /groups/:id/members/:admin', method: 'DELETE', path: (g) => `/groups/${g}/members/${cast.admin2.id}`, expect: [204, 403, 403, 403, 403, 401, 401] },
  { name: 'DELETE /groups/:id/members/:owner', method: 'DELETE', path: (g) => `/groups/${g}/members/${cast.users.owner.id}`, expect: [204, 403, 403, 403, 403, 401, 401] },
  { name: 'DELETE /groups/:id/members/:self', method: 'DELETE', path: (g, me) => `/groups/${g}/members/${me?.id ?? randomUUID()}`, expect: [204, 204, 204, 403, 403, 401, 401] },
  { name: 'POST /groups/:id/leave', method: 'POST', path: (g) => `/groups/${g}/leave`, expect: [204, 204, 204, 403, 403, 401, 401] },
  { name: 'PATCH /groups/:id/members/:member (promote)', method: 'PATCH', path: (g) => `/groups/${g}/members/${cast.plain.id}`, body: () => ({ role: 'admin' }), expect: [200, 403, 403, 403, 403, 401, 401] },
  { name: 'PATCH /groups/:id/members/:admin (demote)', method: 'PATCH', path: (g) => `/groups/${g}/members/${cast.admin2.id}`, body: () => ({ role: 'member' }), expect: [200, 403, 403, 403, 403, 401, 401] },
  { name: 'POST /groups', method: 'POST', path: () => '/groups', body: () => ({ name: 'Mine', members: [cast.spare.username] }), expect: [201, 201, 201, 201, 201, 401, 401] },
  { name: 'POST /groups adding the owner', method: 'POST', path: () => '/groups', body: () => ({ name: 'With owner', members: [cast.users.owner.username] }), expect: [201, 201, 201, 201, 403, 401, 401] },
  // Everyone but the owner is the owner's friend, except the user the owner blocked.
  { name: 'POST /conversations/direct with the owner', method: 'POST', path: () => '/conversations/direct', body: () => ({ username: cast.users.owner.username }), expect: [400, 201, 201, 201, 403, 401, 401] },
  { name: 'POST /friends/requests to the owner', method: 'POST', path: () => '/friends/requests', body: () => ({ username: cast.users.owner.username }), expect: [400, 409, 409, 409, 403, 401, 401] },
  { name: 'GET /friends', method: 'GET', path: () => '/friends', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'GET /friends/requests', method: 'GET', path: () => '/friends/requests', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'GET /blocks', method: 'GET', path: () => '/blocks', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'GET /notifications', method: 'GET', path: () => '/notifications', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'POST /notifications/read', method: 'POST', path: () => '/notifications/read', body: () => ({ all: true }), expect: [204, 204, 204, 204, 204, 401, 401] },
  { name: 'GET /users/me/settings', method: 'GET', path: () => '/users/me/settings', expect: [200, 200, 200, 200, 200, 401, 401] },
  { name: 'PATCH /users/me/settings', method: 'PATCH', path: () => '/users/me/settings', body: () => ({ desktopNotifications: false }), expect: [200, 200, 200, 200, 200, 401, 401] },
];

beforeAll(async () => {
  s = await startTestServer();
  const [owner, admin, admin2, member, plain, nonMember, blocked, deactivated, spare] = await Promise.all(
    ['Owner', 'Admin', 'AdminTwo', 'Member', 'Plain', 'NonMember', 'Blocked', 'Deactivated', 'Spare'].map((r) => newUser(r)),
  ) as TestUser[];
  cast = { users: { owner: owner!, admin: admin!, member: member!, nonMember: nonMember!, blocked: blocked!, deactivated: deactivated! }, admin2: admin2!, plain: plain!, spare: spare! };
  for (const u of [admin!, admin2!, member!, plain!, nonMember!, spare!, deactivated!]) await befriend(owner!, u);
  // Everyone can add `spare`, so only roles decide who may.
  for (const u of [admin!, member!, nonMember!, blocked!]) await befriend(u, spare!);
  // `blocked` was the owner's friend, and now is blocked by them.
  await befriend(blocked!, owner!);
  expect((await call('POST', `/users/${blocked!.id}/block`, owner)).status).toBe(204);
  // Deactivated while still the owner's friend and a member of an older group.
  expect((await call('POST', '/groups', owner, { name: 'Old', members: [deactivated!.username] })).status).toBe(201);
  expect((await call('DELETE', '/users/me', deactivated, { password: PASSWORD })).status).toBe(204);
});
afterAll(() => s?.stop());

describe('authorization matrix: group and conversation endpoints', () => {
  for (const c of GROUP_CASES) {
    describe(c.name, () => {
      ACTORS.forEach((actor, i) => {
        const expected = c.expect[i] as number;
        it(`${actor} → ${expected}`, async () => {
          const g = await freshGroup();
          const user = actor === 'anonymous' ? undefined : cast.users[actor];
          const r = await call(c.method, c.path(g, user), user, c.body?.());
          expect(r.status, JSON.stringify(r.body)).toBe(expected);
          if (expected >= 400) expect(r.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
        });
      });
    });
  }
});

// ---- friend request endpoints -------------------------------------------------------------

const FRIEND_ACTORS = ['recipient', 'sender', 'stranger', 'blocked', 'deactivated', 'anonymous'] as const;
type FriendActor = (typeof FRIEND_ACTORS)[number];

interface FriendCase {
  name: string;
  method: string;
  path: (requestId: string) => string;
  body?: () => unknown;
  expect: [number, number, number, number, number, number];
}

let people: Record<Exclude<FriendActor, 'anonymous'>, TestUser>;
const recipientId = () => people.recipient.id;

const FRIEND_CASES: FriendCase[] = [
  //                                                                                   recipient sender stranger blocked deact anon
  { name: 'POST /friends/requests/:id/accept', method: 'POST', path: (r) => `/friends/requests/${r}/accept`, expect: [200, 403, 403, 403, 401, 401] },
  { name: 'POST /friends/requests/:id/decline', method: 'POST', path: (r) => `/friends/requests/${r}/decline`, expect: [204, 403, 403, 403, 401, 401] },
  { name: 'DELETE /friends/requests/:id', method: 'DELETE', path: (r) => `/friends/requests/${r}`, expect: [403, 204, 403, 403, 401, 401] },
  { name: 'POST /friends/requests to the recipient', method: 'POST', path: () => '/friends/requests', body: () => ({ username: people.recipient.username }), expect: [400, 409, 201, 403, 401, 401] },
  { name: 'DELETE /friends/:recipient', method: 'DELETE', path: () => `/friends/${recipientId()}`, expect: [400, 404, 404, 404, 401, 401] },
  { name: 'POST /users/:recipient/block', method: 'POST', path: () => `/users/${recipientId()}/block`, expect: [400, 204, 204, 204, 401, 401] },
  { name: 'DELETE /users/:recipient/block', method: 'DELETE', path: () => `/users/${recipientId()}/block`, expect: [400, 404, 404, 404, 401, 401] },
  { name: 'POST /conversations/direct with the recipient', method: 'POST', path: () => '/conversations/direct', body: () => ({ username: people.recipient.username }), expect: [400, 403, 403, 403, 401, 401] },
];

/** Puts the cast back: no friendships or requests, only recipient → blocked; then a fresh sender → recipient request. */
async function freshRequest(): Promise<string> {
  const active = [people.recipient, people.sender, people.stranger, people.blocked];
  for (const u of active) {
    const { outgoing } = (await call('GET', '/friends/requests', u)).body;
    for (const r of outgoing) await call('DELETE', `/friends/requests/${r.id}`, u);
    for (const f of (await call('GET', '/friends', u)).body.items) await call('DELETE', `/friends/${f.user.id}`, u);
    for (const b of (await call('GET', '/blocks', u)).body.items) {
      if (u !== people.recipient || b.user.id !== people.blocked.id) await call('DELETE', `/users/${b.user.id}/block`, u);
    }
  }
  const r = await call('POST', '/friends/requests', people.sender, { username: people.recipient.username });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe('authorization matrix: friend endpoints', () => {
  beforeAll(async () => {
    const [recipient, sender, stranger, blocked, deactivated] = await Promise.all(['Recipient', 'Sender', 'Stranger', 'Blocked', 'Deactivated'].map((r) => newUser(r))) as TestUser[];
    people = { recipient: recipient!, sender: sender!, stranger: stranger!, blocked: blocked!, deactivated: deactivated! };
    expect((await call('POST', `/users/${blocked!.id}/block`, recipient)).status).toBe(204);
    expect((await call('DELETE', '/users/me', deactivated, { password: PASSWORD })).status).toBe(204);
  });

  for (const c of FRIEND_CASES) {
    describe(c.name, () => {
      FRIEND_ACTORS.forEach((actor, i) => {
        const expected = c.expect[i] as number;
        it(`${actor} → ${expected}`, async () => {
          const requestId = await freshRequest();
          const user = actor === 'anonymous' ? undefined : people[actor];
          const r = await call(c.method, c.path(requestId), user, c.body?.());
          expect(r.status, JSON.stringify(r.body)).toBe(expected);
        });
      });
    });
  }

  it('deactivated users cannot be the target of requests, blocks, direct chats or group adds (404)', async () => {
    const { recipient, deactivated } = people;
    expect((await call('POST', '/friends/requests', recipient, { username: deactivated.username })).status).toBe(404);
    expect((await call('POST', `/users/${deactivated.id}/block`, recipient)).status).toBe(404);
    expect((await call('POST', '/conversations/direct', recipient, { username: deactivated.username })).status).toBe(404);
    const group = (await call('POST', '/groups', recipient, { name: 'G', members: [] })).body;
    expect((await call('POST', `/groups/${group.id}/members`, recipient, { username: deactivated.username })).status).toBe(404);
    expect((await call('POST', '/groups', recipient, { name: 'G', members: [deactivated.username] })).status).toBe(404);
  });
});

// ---- malformed and unknown ids ------------------------------------------------------------

describe('ids in paths: malformed → 400, unknown → 404, never 500', () => {
  const ROUTES: [string, (a: string, b: string) => string, unknown?][] = [
    ['POST', (a) => `/friends/requests/${a}/accept`],
    ['POST', (a) => `/friends/requests/${a}/decline`],
    ['DELETE', (a) => `/friends/requests/${a}`],
    ['DELETE', (a) => `/friends/${a}`],
    ['POST', (a) => `/users/${a}/block`],
    ['DELETE', (a) => `/users/${a}/block`],
    ['GET', (a) => `/conversations/${a}`],
    ['PATCH', (a) => `/groups/${a}`, { name: 'x' }],
    ['POST', (a) => `/groups/${a}/members`, { username: 'someone' }],
    ['POST', (a) => `/groups/${a}/leave`],
    ['DELETE', (a, b) => `/groups/${a}/members/${b}`],
    ['PATCH', (a, b) => `/groups/${a}/members/${b}`, { role: 'admin' }],
  ];
  const MALFORMED = ['123', 'not-a-uuid', `${randomUUID()}x`, "'%20OR%201=1", '%E0%A4%A', encodeURIComponent('../../etc')];

  for (const [method, path, body] of ROUTES) {
    it(`${method} ${path(':id', ':userId')}`, async () => {
      const user = cast.users.owner;
      for (const bad of MALFORMED) {
        const r = await call(method, path(bad, randomUUID()), user, body);
        expect(r.status, `${bad}: ${JSON.stringify(r.body)}`).toBe(400);
      }
      if (path('<first>', '<second>').includes('<second>')) {
        // A well-formed group with a malformed second id.
        const g = await freshGroup();
        expect((await call(method, path(g, 'nope'), user, body)).status).toBe(400);
        expect((await call(method, path(g, randomUUID()), user, body)).status).toBe(404);
      }
      const unknown = await call(method, path(randomUUID(), randomUUID()), user, body);
      expect(unknown.status, JSON.stringify(unknown.body)).toBe(404);
    });
  }
});
