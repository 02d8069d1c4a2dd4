import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { sendMessage, listMessages } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { closedWith, connectAs, synced, until, upgradeStatus, syncUrl } from '../helpers/sync.js';

/** Sync rooms follow the real social graph: membership decides who connects, and changes close sockets. */
let s: TestServer;
let owner: TestUser;
let bob: TestUser;
let carol: TestUser;
const open: WebsocketProvider[] = [];
const connect = (room: string, user: TestUser) => {
  const p = connectAs(s, room, user);
  open.push(p);
  return p;
};

beforeAll(async () => {
  s = await startTestServer();
  [owner, bob, carol] = [await s.signUp('owner'), await s.signUp('bob'), await s.signUp('carol')];
  await befriendUsers(s, owner, bob);
  await befriendUsers(s, owner, carol);
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

async function group(...members: TestUser[]): Promise<string> {
  const r = await callAs(s, 'POST', '/groups', owner, { name: 'team', members: members.map((m) => m.username) });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe('sync and membership', () => {
  it('members sync a group conversation; strangers are refused at the upgrade', async () => {
    const id = await group(bob);
    const a = connect(id, owner);
    const b = connect(id, bob);
    await Promise.all([synced(a), synced(b)]);
    sendMessage(a.doc, { author: owner.id, text: 'hello team' });
    // Besides the system messages about the group's creation.
    await until(() => listMessages(b.doc).filter((m) => !m.system).length === 1);
    expect(await upgradeStatus(`${syncUrl(s)}/${id}?token=${carol.accessToken}`)).toBe(403);
    const friends = await callAs(s, 'GET', '/friends', owner);
    expect(friends.body.items.find((f: any) => f.user.id === bob.id).online).toBe(true);
  });

  it('removal from the group closes that member’s socket with 4403 and keeps them out', async () => {
    const id = await group(bob, carol);
    const b = connect(id, bob);
    const c = connect(id, carol);
    await Promise.all([synced(b), synced(c)]);
    const closed = closedWith(b);
    expect((await callAs(s, 'DELETE', `/groups/${id}/members/${bob.id}`, owner)).status).toBe(204);
    expect(await closed).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(`${syncUrl(s)}/${id}?token=${bob.accessToken}`)).toBe(403);
    // Carol stays connected and keeps syncing.
    sendMessage(c.doc, { author: carol.id, text: 'still here' });
    await until(() => (s.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(id) as number) > 0);
  });

  it('leaving closes the leaver’s socket with 4403', async () => {
    const id = await group(carol);
    const c = connect(id, carol);
    await synced(c);
    const closed = closedWith(c);
    expect((await callAs(s, 'POST', `/groups/${id}/leave`, carol)).status).toBe(204);
    expect(await closed).toBe(CloseCode.forbidden);
  });
});
