import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';

/** A deactivated owner's groups change hands as when an owner leaves; deactivated accounts inherit only when nobody active is left. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

let n = 0;
const newUser = () => s.signUp(`o${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const deactivateSelf = async (user: TestUser) => expect((await call('DELETE', '/users/me', user, { password: user.password })).status).toBe(204);
/** user id → role, as a member sees the group. */
const roles = async (id: string, viewer: TestUser) =>
  Object.fromEntries(((await call('GET', `/conversations/${id}`, viewer)).body.members as any[]).map((m) => [m.id, m.role]));

async function group(owner: TestUser, members: TestUser[], admins: TestUser[] = []): Promise<string> {
  for (const m of members) await befriendUsers(s, owner, m);
  const r = await call('POST', '/groups', owner, { name: 'club', members: members.map((m) => m.username) });
  expect(r.status).toBe(201);
  for (const a of admins) expect((await call('PATCH', `/groups/${r.body.id}/members/${a.id}`, owner, { role: 'admin' })).status).toBe(200);
  return r.body.id;
}

describe('when a group owner is deactivated', () => {
  it('the longest-standing admin becomes owner in every group they owned; the old owner stays as a member', async () => {
    const [owner, early, admin, other] = [await newUser(), await newUser(), await newUser(), await newUser()];
    const first = await group(owner, [early, admin], [admin]);
    const second = await group(owner, [other]);
    // A group they merely belong to is left alone.
    const notTheirs = (await call('POST', '/groups', other, { name: 'theirs', members: [owner.username] })).body.id;
    const changes: any[] = [];
    const off = s.events.on('conversation.member.role_changed', (e) => changes.push(e));
    await deactivateSelf(owner);
    off();
    expect(await roles(first, admin)).toEqual({ [owner.id]: 'member', [early.id]: 'member', [admin.id]: 'owner' });
    expect(await roles(second, other)).toEqual({ [owner.id]: 'member', [other.id]: 'owner' });
    expect(await roles(notTheirs, other)).toEqual({ [other.id]: 'owner', [owner.id]: 'member' });
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ conversationId: first, userId: admin.id, role: 'owner', previousRole: 'admin' }),
        expect.objectContaining({ conversationId: first, userId: owner.id, role: 'member', previousRole: 'owner' }),
        expect.objectContaining({ conversationId: second, userId: other.id, role: 'owner', previousRole: 'member' }),
      ]),
    );
    expect(changes).toHaveLength(4);
    // The new owner has the owner's powers.
    expect((await call('PATCH', `/groups/${first}/members/${early.id}`, admin, { role: 'admin' })).status).toBe(200);
  });

  it('also when an admin deactivates the account; members who are deactivated themselves are passed over', async () => {
    const [root, owner, gone, heir] = [await newUser(), await newUser(), await newUser(), await newUser()];
    s.accounts.users.setAdmin(root.id, true);
    const id = await group(owner, [gone, heir], [gone]);
    await deactivateSelf(gone);
    expect((await call('POST', `/admin/users/${owner.id}/deactivate`, root)).status).toBe(200);
    expect(await roles(id, heir)).toEqual({ [owner.id]: 'member', [gone.id]: 'admin', [heir.id]: 'owner' });
  });

  it('keeps the group theirs when nobody active is left to take it, and it stays open', async () => {
    const [owner, gone] = [await newUser(), await newUser()];
    const alone = await group(owner, []);
    const withGone = await group(owner, [gone]);
    await deactivateSelf(gone);
    await deactivateSelf(owner);
    const rows = [alone, withGone].map((id) => s.social.conversationsStore.byId(id));
    expect(rows.map((r) => r?.archived_at)).toEqual([null, null]);
    expect(s.social.conversationsStore.membership(alone, owner.id)?.role).toBe('owner');
    expect(s.social.conversationsStore.membership(withGone, owner.id)?.role).toBe('owner');
  });
});

describe('when an owner leaves', () => {
  it('a deactivated admin does not inherit: the longest-standing active member does', async () => {
    const [owner, gone, heir] = [await newUser(), await newUser(), await newUser()];
    const id = await group(owner, [gone, heir], [gone]);
    await deactivateSelf(gone);
    expect((await call('POST', `/groups/${id}/leave`, owner)).status).toBe(204);
    expect(await roles(id, heir)).toEqual({ [gone.id]: 'admin', [heir.id]: 'owner' });
  });

  it('with only deactivated members left, one of them inherits (admin first): a group with members is never ownerless', async () => {
    const [owner, member, admin] = [await newUser(), await newUser(), await newUser()];
    const id = await group(owner, [member, admin], [admin]);
    await deactivateSelf(member);
    await deactivateSelf(admin);
    expect((await call('POST', `/groups/${id}/leave`, owner)).status).toBe(204);
    const store = s.social.conversationsStore;
    expect([store.membership(id, admin.id)?.role, store.membership(id, member.id)?.role]).toEqual(['owner', 'member']);
    expect(store.byId(id)?.archived_at).toBeNull();
  });
});
