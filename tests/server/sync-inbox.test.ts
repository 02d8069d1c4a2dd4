import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxRoom, inboxRoot, listInbox } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { closedWith, connectAs, synced, syncUrl, until, upgradeStatus } from '../helpers/sync.js';

/**
 * Each user's inbox document at /sync/inbox/<userId>: notifications arrive live and stay for
 * offline use; only its owner may open it and only the server writes it.
 */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const open: WebsocketProvider[] = [];
const inbox = (user: TestUser, as: TestUser = user, doc = new Y.Doc()) => {
  const p = connectAs(s, inboxRoom(user.id), as, doc);
  open.push(p);
  return p;
};
const serverInbox = (user: TestUser) => s.sync.read(inboxRoom(user.id), (doc) => listInbox(doc));

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob, carol] = [await s.signUp('alice'), await s.signUp('bob'), await s.signUp('carol')];
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

describe('inbox document', () => {
  it('delivers a notification live to a connected client, as GET /notifications shows it', async () => {
    const a = inbox(alice);
    await synced(a);
    expect((await callAs(s, 'POST', '/friends/requests', bob, { username: 'alice' })).status).toBe(201);
    await until(() => listInbox(a.doc).length === 1);
    const [live] = listInbox(a.doc);
    const rest = await callAs(s, 'GET', '/notifications', alice);
    expect(live).toEqual(rest.body.items[0]);
    expect(live).toMatchObject({ type: 'friend_request.received', actor: { username: 'bob' }, read: false });
  });

  it('shows REST read marks, and a client with a local copy (deletions included) reconnects cleanly', async () => {
    const a = inbox(alice);
    await synced(a);
    expect((await callAs(s, 'POST', '/notifications/read', alice, { all: true })).status).toBe(204);
    await until(() => listInbox(a.doc).every((n) => n.read));
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(a.doc));
    a.destroy();
    // Its sync answer repeats the room's structs and its whole delete set: nothing new, so accepted.
    const again = inbox(alice, alice, local);
    await synced(again);
    await befriendUsers(s, alice, carol);
    await until(() => listInbox(local).some((n) => n.actor?.username === 'carol'));
    expect(again.wsconnected).toBe(true);
  });

  it('keeps what arrived while the user was offline', async () => {
    const before = serverInbox(alice).length;
    const group = await callAs(s, 'POST', '/groups', carol, { name: 'picnic', members: ['alice'] });
    expect(group.status).toBe(201);
    await until(() => serverInbox(alice).length === before + 1);
    const a = inbox(alice);
    await synced(a);
    await until(() => listInbox(a.doc).some((n) => n.type === 'group.added' && n.groupName === 'picnic'));
  });

  it('is only its owner’s: others 403, no token 401, malformed 400', async () => {
    expect(await upgradeStatus(`${syncUrl(s)}/inbox/${alice.id}?token=${bob.accessToken}`)).toBe(403);
    expect(await upgradeStatus(`${syncUrl(s)}/inbox/${alice.id}`)).toBe(401);
    expect(await upgradeStatus(`${syncUrl(s)}/inbox/not-a-user?token=${alice.accessToken}`)).toBe(400);
  });

  it('refuses any client write with 4403: nothing stored, nothing broadcast, other devices carry on', async () => {
    const device1 = inbox(alice);
    const device2 = inbox(alice);
    await Promise.all([synced(device1), synced(device2)]);
    const stored = serverInbox(alice);
    const closed = closedWith(device1);
    inboxRoot(device1.doc).set('forged', { ...stored[0]!, id: 'forged', type: 'group.removed' });
    expect(await closed).toBe(CloseCode.forbidden);
    expect(serverInbox(alice)).toEqual(stored);
    expect(inboxRoot(device2.doc).has('forged')).toBe(false);
    expect(device2.wsconnected).toBe(true);
  });

  it('refuses a client deleting a notification with 4403, and the server keeps it', async () => {
    const device = inbox(alice);
    await synced(device);
    const [first] = serverInbox(alice);
    const closed = closedWith(device);
    inboxRoot(device.doc).delete(first!.id);
    expect(await closed).toBe(CloseCode.forbidden);
    expect(serverInbox(alice).some((n) => n.id === first!.id)).toBe(true);
  });
});
