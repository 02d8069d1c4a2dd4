import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../server/events.js';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

let n = 0;
const newUser = () => s.signUp(`c${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);

const befriend = (a: TestUser, b: TestUser) => befriendUsers(s, a, b);

/** `owner` plus friends, all befriended with the owner. */
async function circle(size: number): Promise<[TestUser, ...TestUser[]]> {
  const owner = await newUser();
  const rest: TestUser[] = [];
  for (let i = 0; i < size; i++) {
    const u = await newUser();
    await befriend(owner, u);
    rest.push(u);
  }
  return [owner, ...rest];
}

async function createGroup(owner: TestUser, members: TestUser[], name = 'Study group') {
  const r = await call('POST', '/groups', owner, { name, members: members.map((m) => m.username) });
  expect(r.status).toBe(201);
  return r.body;
}

const roles = (conv: any) => Object.fromEntries(conv.members.map((m: any) => [m.id, m.role]));

/** Records the domain events published while `fn` runs. */
async function recording<T>(names: (keyof DomainEvents)[], fn: () => Promise<T>) {
  const seen: { event: string; payload: any }[] = [];
  const offs = names.map((event) => s.events.on(event, (payload) => seen.push({ event, payload })));
  try {
    await fn();
  } finally {
    offs.forEach((off) => off());
  }
  return seen;
}

describe('direct conversations', () => {
  it('friends only; 201 the first time, then 200 with the same conversation from either side', async () => {
    const [alice, bob] = await circle(1);
    const stranger = await newUser();
    expect((await call('POST', '/conversations/direct', alice, { username: stranger.username })).status).toBe(403);

    const first = await call('POST', '/conversations/direct', alice, { username: bob!.username });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'direct', closed: false, closedAt: null, unreadCount: 0 });
    expect(first.body.members.map((m: any) => m.id).sort()).toEqual([alice.id, bob!.id].sort());
    expect(first.body.members[0]).toEqual(expect.objectContaining({ id: expect.any(String), username: expect.any(String), role: 'member', joinedAt: expect.any(String) }));

    const again = await call('POST', '/conversations/direct', alice, { username: bob!.username });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await call('POST', '/conversations/direct', bob, { username: alice.username });
    expect(other.status).toBe(200);
    expect(other.body.id).toBe(first.body.id);
  });

  it('yourself 400, unknown 404, deactivated 404, malformed 400', async () => {
    const [alice, dave] = await circle(1);
    expect((await call('POST', '/conversations/direct', alice, { username: alice.username })).status).toBe(400);
    expect((await call('POST', '/conversations/direct', alice, { username: 'ghost-user' })).status).toBe(404);
    expect((await call('POST', '/conversations/direct', alice, { username: '' })).status).toBe(400);
    expect((await call('POST', '/conversations/direct', alice, { user: dave!.username })).status).toBe(400);
    expect((await call('DELETE', '/users/me', dave, { password: PASSWORD })).status).toBe(204);
    expect((await call('POST', '/conversations/direct', alice, { username: dave!.username })).status).toBe(404);
  });

  it('concurrent creation from both sides yields one conversation', async () => {
    const [alice, bob] = await circle(1);
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) => call('POST', '/conversations/direct', i % 2 ? alice : bob, { username: (i % 2 ? bob! : alice).username })),
    );
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(5);
    const rows = s.db
      .prepare(`SELECT count(*) FROM conversations c WHERE type = 'direct'
        AND (SELECT count(*) FROM conversation_members m WHERE m.conversation_id = c.id AND m.user_id IN (?, ?)) = 2`)
      .pluck()
      .get(alice.id, bob!.id);
    expect(rows).toBe(1);
  });

  it('unfriending closes it (readable, no new direct chat); befriending again reopens the same one', async () => {
    const [alice, bob] = await circle(1);
    const conv = (await call('POST', '/conversations/direct', alice, { username: bob!.username })).body;
    const events = await recording(['direct.closed', 'friendship.removed'], async () => {
      expect((await call('DELETE', `/friends/${alice.id}`, bob)).status).toBe(204);
    });
    expect(events.map((e) => e.event)).toEqual(['friendship.removed', 'direct.closed']);
    expect(events[1]?.payload.conversationId).toBe(conv.id);

    const closed = await call('GET', `/conversations/${conv.id}`, alice);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: conv.id, closed: true, closedAt: expect.any(String) });
    expect((await call('GET', '/conversations', bob)).body.items.map((c: any) => c.id)).toContain(conv.id);
    expect((await call('POST', '/conversations/direct', alice, { username: bob!.username })).status).toBe(403);

    await befriend(bob!, alice);
    const reopened = await call('POST', '/conversations/direct', alice, { username: bob!.username });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ id: conv.id, closed: false, closedAt: null });
  });

  it('a blocked user cannot start a direct chat with the blocker', async () => {
    const [alice, bob] = await circle(1);
    expect((await call('POST', `/users/${bob!.id}/block`, alice)).status).toBe(204);
    const r = await call('POST', '/conversations/direct', bob, { username: alice.username });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('blocked');
  });
});

describe('groups', () => {
  it('creates a group with friends; validates name, members and friendship', async () => {
    const [owner, a, b] = await circle(2);
    const stranger = await newUser();
    const created = await call('POST', '/groups', owner, { name: '  Book club ', members: [a!.username, b!.username, owner.username, a!.username] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'group', name: 'Book club', avatarId: null, unreadCount: 0 });
    expect(created.body.lastMessage).toBeUndefined();
    expect(roles(created.body)).toEqual({ [owner.id]: 'owner', [a!.id]: 'member', [b!.id]: 'member' });

    expect((await call('POST', '/groups', owner, { name: '', members: [] })).status).toBe(400);
    expect((await call('POST', '/groups', owner, { name: 'x'.repeat(101), members: [] })).status).toBe(400);
    expect((await call('POST', '/groups', owner, { name: 'x'.repeat(100), members: [] })).status).toBe(201);
    expect((await call('POST', '/groups', owner, { name: 'No members field' })).status).toBe(400);
    expect((await call('POST', '/groups', owner, { name: 'Bad', members: 'a' })).status).toBe(400);
    expect((await call('POST', '/groups', owner, { name: 'Bad', members: [stranger.username] })).status).toBe(403);
    expect((await call('POST', '/groups', owner, { name: 'Bad', members: ['ghost-user'] })).status).toBe(404);
    // A picture is uploaded with PUT /groups/:id/avatar; an id in the body is refused, and no group is made.
    const groups = () => s.db.prepare("SELECT count(*) FROM conversations WHERE type = 'group'").pluck().get();
    const before = groups();
    const withAvatar = await call('POST', '/groups', owner, { name: 'Pictured', members: [a!.username], avatarId: 'att-1' });
    expect(withAvatar.status).toBe(400);
    expect(withAvatar.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(withAvatar.body.error.details)).toContain('avatarId');
    expect(groups()).toBe(before);
  });

  it('publishes creation and every member added', async () => {
    const [owner, a] = await circle(1);
    let id = '';
    const events = await recording(['conversation.created', 'conversation.member.added'], async () => {
      id = (await createGroup(owner, [a!])).id;
    });
    expect(events).toEqual([
      { event: 'conversation.created', payload: { conversationId: id, type: 'group', memberIds: [owner.id, a!.id], byUserId: owner.id } },
      { event: 'conversation.member.added', payload: { conversationId: id, type: 'group', userId: owner.id, role: 'owner', byUserId: owner.id } },
      { event: 'conversation.member.added', payload: { conversationId: id, type: 'group', userId: a!.id, role: 'member', byUserId: owner.id } },
    ]);
  });

  it('adding: owner and admins add their friends; an existing member is 409; non-friends 403', async () => {
    const [owner, admin, member, extra] = await circle(3);
    const adminsFriend = await newUser();
    await befriend(admin!, adminsFriend);
    const group = await createGroup(owner, [admin!, member!]);
    expect((await call('PATCH', `/groups/${group.id}/members/${admin!.id}`, owner, { role: 'admin' })).status).toBe(200);

    const added = await call('POST', `/groups/${group.id}/members`, owner, { username: extra!.username });
    expect(added.status).toBe(201);
    expect(roles(added.body)[extra!.id]).toBe('member');
    const dup = await call('POST', `/groups/${group.id}/members`, owner, { username: extra!.username });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_member');
    expect((await call('POST', `/groups/${group.id}/members`, admin, { username: owner.username })).status).toBe(409);
    // The owner is not friends with the admin's friend; the admin is.
    expect((await call('POST', `/groups/${group.id}/members`, owner, { username: adminsFriend.username })).status).toBe(403);
    expect((await call('POST', `/groups/${group.id}/members`, admin, { username: adminsFriend.username })).status).toBe(201);
    expect((await call('POST', `/groups/${group.id}/members`, admin, { username: 'ghost-user' })).status).toBe(404);
  });

  it('a blocked user cannot add the blocker to a group', async () => {
    const [owner, blocker] = await circle(1);
    const group = await createGroup(owner, []);
    expect((await call('POST', `/users/${owner.id}/block`, blocker)).status).toBe(204);
    const r = await call('POST', `/groups/${group.id}/members`, owner, { username: blocker!.username });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('blocked');
  });

  it('roles: only the owner promotes and demotes; the owner role itself cannot change', async () => {
    const [owner, a, b] = await circle(2);
    const group = await createGroup(owner, [a!, b!]);
    const promoted = await call('PATCH', `/groups/${group.id}/members/${a!.id}`, owner, { role: 'admin' });
    expect(promoted.status).toBe(200);
    expect(roles(promoted.body)[a!.id]).toBe('admin');
    expect((await call('PATCH', `/groups/${group.id}/members/${b!.id}`, a, { role: 'admin' })).status).toBe(403);
    expect((await call('PATCH', `/groups/${group.id}/members/${owner.id}`, owner, { role: 'member' })).status).toBe(400);
    expect((await call('PATCH', `/groups/${group.id}/members/${b!.id}`, owner, { role: 'owner' })).status).toBe(400);
    expect((await call('PATCH', `/groups/${group.id}/members/${randomUUID()}`, owner, { role: 'admin' })).status).toBe(404);
    const demoted = await call('PATCH', `/groups/${group.id}/members/${a!.id}`, owner, { role: 'member' });
    expect(roles(demoted.body)[a!.id]).toBe('member');
  });

  it('removal: admins remove members only; the owner removes anyone; members only themselves', async () => {
    const [owner, admin, admin2, m1, m2] = await circle(4);
    const group = await createGroup(owner, [admin!, admin2!, m1!, m2!]);
    for (const a of [admin!, admin2!]) await call('PATCH', `/groups/${group.id}/members/${a.id}`, owner, { role: 'admin' });
    const del = (actor: TestUser, target: TestUser) => call('DELETE', `/groups/${group.id}/members/${target.id}`, actor);

    expect((await del(admin!, owner)).status).toBe(403);
    expect((await del(admin!, admin2!)).status).toBe(403);
    expect((await del(m1!, m2!)).status).toBe(403);
    const events = await recording(['conversation.member.removed'], async () => {
      expect((await del(admin!, m1!)).status).toBe(204);
    });
    expect(events).toEqual([{ event: 'conversation.member.removed', payload: { conversationId: group.id, userId: m1!.id, byUserId: admin!.id } }]);
    expect((await del(admin!, m1!)).status).toBe(404);
    expect((await call('GET', `/conversations/${group.id}`, m1)).status).toBe(403);
    expect((await del(owner, admin2!)).status).toBe(204);
    expect((await del(m2!, m2!)).status).toBe(204);
    const left = await call('GET', `/conversations/${group.id}`, owner);
    expect(Object.keys(roles(left.body)).sort()).toEqual([owner.id, admin!.id].sort());
  });

  it('an owner leaving hands over to the longest-standing admin, else member; the last one out archives', async () => {
    const [owner, early, late, adminLate] = await circle(3);
    const group = await createGroup(owner, [early!]);
    await call('POST', `/groups/${group.id}/members`, owner, { username: late!.username });
    await call('POST', `/groups/${group.id}/members`, owner, { username: adminLate!.username });
    await call('PATCH', `/groups/${group.id}/members/${adminLate!.id}`, owner, { role: 'admin' });

    const events = await recording(['conversation.member.left', 'conversation.member.role_changed'], async () => {
      expect((await call('POST', `/groups/${group.id}/leave`, owner)).status).toBe(204);
    });
    expect(events.map((e) => e.event)).toEqual(['conversation.member.role_changed', 'conversation.member.left']);
    expect(events[1]?.payload).toEqual({ conversationId: group.id, userId: owner.id, newOwnerId: adminLate!.id });
    let now = (await call('GET', `/conversations/${group.id}`, early)).body;
    expect(roles(now)).toEqual({ [early!.id]: 'member', [late!.id]: 'member', [adminLate!.id]: 'owner' });
    expect((await call('GET', `/conversations/${group.id}`, owner)).status).toBe(403);

    // No admin left: the longest-standing member takes over (leaving through DELETE on yourself).
    expect((await call('DELETE', `/groups/${group.id}/members/${adminLate!.id}`, adminLate)).status).toBe(204);
    now = (await call('GET', `/conversations/${group.id}`, late)).body;
    expect(roles(now)).toEqual({ [early!.id]: 'owner', [late!.id]: 'member' });

    expect((await call('POST', `/groups/${group.id}/leave`, early)).status).toBe(204);
    const archived = await recording(['group.archived'], async () => {
      expect((await call('POST', `/groups/${group.id}/leave`, late)).status).toBe(204);
    });
    expect(archived).toEqual([{ event: 'group.archived', payload: { conversationId: group.id } }]);
    expect(s.db.prepare('SELECT archived_at FROM conversations WHERE id = ?').pluck().get(group.id)).toEqual(expect.any(Number));
    expect((await call('GET', `/conversations/${group.id}`, late)).status).toBe(403);
    expect((await call('POST', `/groups/${group.id}/leave`, late)).status).toBe(403);
  });

  it('owner and admins rename; members cannot; the avatar is not set by id', async () => {
    const [owner, admin, member] = await circle(2);
    const group = await createGroup(owner, [admin!, member!]);
    await call('PATCH', `/groups/${group.id}/members/${admin!.id}`, owner, { role: 'admin' });
    const events = await recording(['group.renamed', 'group.avatar_changed'], async () => {
      const renamed = await call('PATCH', `/groups/${group.id}`, admin, { name: 'Renamed' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', avatarId: null });
      // Pictures go through PUT/DELETE /groups/:id/avatar (avatars.test.ts); an id here is a 400 that changes nothing.
      for (const body of [{ name: 'Other', avatarId: 'att-2' }, { avatarId: null }]) {
        const refused = await call('PATCH', `/groups/${group.id}`, owner, body);
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.body.error.details)).toContain('avatarId');
      }
    });
    expect(events.map((e) => e.event)).toEqual(['group.renamed']);
    expect((await call('GET', `/conversations/${group.id}`, owner)).body).toMatchObject({ name: 'Renamed', avatarId: null });
    expect((await call('PATCH', `/groups/${group.id}`, member, { name: 'Mine' })).status).toBe(403);
    expect((await call('PATCH', `/groups/${group.id}`, owner, {})).status).toBe(400);
    expect((await call('PATCH', `/groups/${group.id}`, owner, { name: '   ' })).status).toBe(400);
  });

  it('group routes treat a direct conversation as unknown (404)', async () => {
    const [alice, bob, carol] = await circle(2);
    const direct = (await call('POST', '/conversations/direct', alice, { username: bob!.username })).body;
    expect((await call('PATCH', `/groups/${direct.id}`, alice, { name: 'x' })).status).toBe(404);
    expect((await call('POST', `/groups/${direct.id}/members`, alice, { username: carol!.username })).status).toBe(404);
    expect((await call('POST', `/groups/${direct.id}/leave`, alice)).status).toBe(404);
    expect((await call('DELETE', `/groups/${direct.id}/members/${bob!.id}`, alice)).status).toBe(404);
  });
});

describe('conversation list and details', () => {
  it('lists only your conversations, most recent activity first, paginated', async () => {
    const [me, a, b] = await circle(2);
    const outsider = await newUser();
    // Apart by a few ms so the order by activity is well defined.
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const g1 = await createGroup(me, [a!], 'First');
    await tick();
    const d = (await call('POST', '/conversations/direct', me, { username: b!.username })).body;
    await tick();
    const g2 = await createGroup(a!, [me], 'Second');
    await createGroup(a!, [], 'Not mine');

    const all = await call('GET', '/conversations', me);
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, page: 1, size: 20, pages: 1 });
    expect(all.body.items.map((c: any) => c.id)).toEqual([g2.id, d.id, g1.id]);
    for (const item of all.body.items) {
      expect(item).toEqual(expect.objectContaining({ id: expect.any(String), type: expect.any(String), members: expect.any(Array), lastActivityAt: expect.any(String), unreadCount: 0 }));
      expect(item.lastMessage).toBeUndefined();
    }
    expect(all.body.items[0].name).toBe('Second');

    // Membership activity moves a conversation up.
    await tick();
    await call('POST', `/groups/${g1.id}/members`, me, { username: b!.username });
    const page1 = await call('GET', '/conversations?page=1&size=2', me);
    expect(page1.body).toMatchObject({ total: 3, page: 1, size: 2, pages: 2 });
    expect(page1.body.items.map((c: any) => c.id)).toEqual([g1.id, g2.id]);
    const page2 = await call('GET', '/conversations?page=2&size=2', me);
    expect(page2.body.items.map((c: any) => c.id)).toEqual([d.id]);
    expect((await call('GET', '/conversations?size=0', me)).status).toBe(400);
    expect((await call('GET', '/conversations?page=abc', me)).status).toBe(400);
    expect((await call('GET', '/conversations', outsider)).body).toMatchObject({ items: [], total: 0 });
  });

  it('details for members only: non-members 403, unknown 404, malformed 400', async () => {
    const [owner, a] = await circle(1);
    const outsider = await newUser();
    const group = await createGroup(owner, [a!]);
    const details = await call('GET', `/conversations/${group.id}`, a);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ id: group.id, type: 'group', name: 'Study group' });
    expect(details.body.members).toEqual([
      expect.objectContaining({ id: owner.id, username: owner.username, role: 'owner', joinedAt: expect.any(String) }),
      expect.objectContaining({ id: a!.id, username: a!.username, role: 'member', joinedAt: expect.any(String) }),
    ]);
    expect((await call('GET', `/conversations/${group.id}`, outsider)).status).toBe(403);
    expect((await call('GET', `/conversations/${randomUUID()}`, a)).status).toBe(404);
    expect((await call('GET', '/conversations/123', a)).status).toBe(400);
  });

  it('exposes membership to the sync engine through the store', async () => {
    const [owner, a] = await circle(1);
    const group = await createGroup(owner, [a!]);
    const store = s.social.conversationsStore;
    expect(store.conversationExists(group.id)).toBe(true);
    expect(store.conversationExists(randomUUID())).toBe(false);
    expect(store.isMember(group.id, a!.id)).toBe(true);
    await call('POST', `/groups/${group.id}/leave`, a);
    expect(store.isMember(group.id, a!.id)).toBe(false);
  });
});
