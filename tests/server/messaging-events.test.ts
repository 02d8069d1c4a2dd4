import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { listMessages, sendMessage, SYSTEM_AUTHOR } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';
import { image, sendFile } from '../helpers/uploads.js';

/** System messages written by the server, and notifications and mails about new messages. */
let s: TestServer;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  // Anyone without a socket counts as away at once here; the away period has its own suite (messaging-missed-mail).
  s = await startTestServer({ missedMailOfflineMs: 0 });
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

let n = 0;
const newUser = () => s.signUp(`e${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const connect = async (room: string, user: TestUser) => {
  const p = connectAs(s, room, user);
  open.push(p);
  await synced(p);
  return p;
};
const send = async (id: string, user: TestUser, text: string) => {
  const r = await call('POST', `/conversations/${id}/messages`, user, { text });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.message;
};
const notifications = async (user: TestUser) => (await call('GET', '/notifications', user)).body.items as any[];
const missedMails = async (user: TestUser) => {
  await s.mailer.flush();
  return (await s.mails(user.email)).filter((m) => /New messages/.test(m.subject));
};

async function group(owner: TestUser, members: TestUser[], name = 'crew'): Promise<string> {
  for (const m of members) await befriendUsers(s, owner, m);
  const r = await call('POST', '/groups', owner, { name, members: members.map((m) => m.username) });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe('system messages', () => {
  it('group changes land in the document as system messages, seen over sync and REST', async () => {
    const [owner, bob, carol] = [await newUser(), await newUser(), await newUser()];
    const id = await group(owner, [bob, carol]);
    const watcher = await connect(id, owner);
    expect((await call('PATCH', `/groups/${id}`, owner, { name: 'new crew' })).status).toBe(200);
    const picture = await sendFile(s, 'PUT', `/groups/${id}/avatar`, owner, await image(32, 32));
    expect(picture.status).toBe(200);
    expect((await call('DELETE', `/groups/${id}/members/${carol.id}`, owner)).status).toBe(204);
    expect((await call('POST', `/groups/${id}/leave`, bob)).status).toBe(204);
    const expected = [
      { type: 'group.created', byUserId: owner.id, name: 'crew' },
      { type: 'member.added', userId: bob.id, byUserId: owner.id },
      { type: 'member.added', userId: carol.id, byUserId: owner.id },
      { type: 'group.renamed', name: 'new crew', byUserId: owner.id },
      { type: 'group.avatar_changed', avatarId: picture.body.avatarId, byUserId: owner.id },
      { type: 'member.removed', userId: carol.id, byUserId: owner.id },
      { type: 'member.left', userId: bob.id },
    ];
    await until(() => listMessages(watcher.doc).length === expected.length);
    expect(listMessages(watcher.doc).map((m) => m.system)).toEqual(expected);
    expect(listMessages(watcher.doc).every((m) => m.author === SYSTEM_AUTHOR)).toBe(true);
    const items = (await call('GET', `/conversations/${id}/messages`, owner)).body.items;
    expect(items.map((m: any) => m.system)).toEqual(expected);
    expect(items[1].text).toBe(`${owner.username} added ${bob.username}`);
    // Nobody can edit or delete them, and they neither count as unread nor become the preview.
    expect((await call('PATCH', `/conversations/${id}/messages/${items[0].id}`, owner, { text: 'x' })).status).toBe(403);
    expect((await call('DELETE', `/conversations/${id}/messages/${items[0].id}`, owner)).status).toBe(403);
    const listed = (await call('GET', '/conversations', owner)).body.items.find((c: any) => c.id === id);
    expect(listed.unreadCount).toBe(0);
    expect(listed.lastMessage).toBeUndefined();
  });
});

describe('notifications and mails for new messages', () => {
  it('members without a socket in the conversation are notified (one unread notice per conversation; mentions each)', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    const id = await group(alice, [bob, carol]);
    await connect(id, carol);
    const first = await send(id, alice, 'hello');
    await send(id, alice, 'anyone?');
    const mention = await send(id, alice, `@${bob.username} ping`);
    const bobs = (await notifications(bob)).filter((x) => x.type.startsWith('message.'));
    expect(bobs.map((x) => [x.type, x.messageId])).toEqual([
      ['message.mention', mention.id],
      ['message.new', first.id],
    ]);
    expect(bobs[0]).toMatchObject({ conversationId: id, groupName: 'crew', actor: { id: alice.id } });
    expect((await notifications(carol)).filter((x) => x.type.startsWith('message.'))).toEqual([]);
    expect((await notifications(alice)).filter((x) => x.type.startsWith('message.'))).toEqual([]);
    // Once read, the next message makes a new notice.
    expect((await call('POST', '/notifications/read', bob, { all: true })).status).toBe(204);
    const later = await send(id, alice, 'later');
    expect((await notifications(bob)).filter((x) => !x.read).map((x) => [x.type, x.messageId])).toEqual([['message.new', later.id]]);
  });

  it('notices follow the group as it changes: members added and removed, a new name', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    const id = await group(alice, [bob], 'before');
    const unreadNotices = async (user: TestUser) => (await notifications(user)).filter((x) => x.type === 'message.new' && x.conversationId === id && !x.read);
    // The first message makes the server look the group up (and remember it).
    const first = await send(id, alice, 'first');
    expect((await unreadNotices(bob)).map((x) => [x.messageId, x.groupName])).toEqual([[first.id, 'before']]);
    await befriendUsers(s, alice, carol);
    expect((await call('POST', `/groups/${id}/members`, alice, { username: carol.username })).status).toBe(201);
    expect((await call('PATCH', `/groups/${id}`, alice, { name: 'after' })).status).toBe(200);
    expect((await call('DELETE', `/groups/${id}/members/${bob.id}`, alice)).status).toBe(204);
    expect((await call('POST', '/notifications/read', bob, { all: true })).status).toBe(204);
    const second = await send(id, alice, 'second');
    // Notices are worked out just after the message is stored: wait for carol's, then look at everyone's.
    for (let i = 0; i < 250 && (await unreadNotices(carol)).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await unreadNotices(carol)).map((x) => [x.messageId, x.groupName])).toEqual([[second.id, 'after']]);
    expect(await unreadNotices(bob)).toEqual([]);
  });

  it('messages written by a sync client notify too', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    await befriendUsers(s, alice, bob);
    const id = (await call('POST', '/conversations/direct', alice, { username: bob.username })).body.id;
    const a = await connect(id, alice);
    const m = sendMessage(a.doc, { author: alice.id, text: `@${bob.username} over sync`, mentions: [bob.id] });
    for (let i = 0; i < 500 && !(await notifications(bob)).some((x) => x.type === 'message.mention'); i++) await new Promise((r) => setTimeout(r, 20));
    expect((await notifications(bob)).find((x) => x.type === 'message.mention')).toMatchObject({ conversationId: id, messageId: m.id, actor: { id: alice.id } });
  });

  it('offline members get at most one missed-message mail per conversation an hour, unless they turned it off', async () => {
    const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
    await befriendUsers(s, alice, bob);
    await befriendUsers(s, alice, carol);
    expect((await call('PATCH', '/users/me/settings', carol, { emailMissedMessages: false })).status).toBe(200);
    const withBob = (await call('POST', '/conversations/direct', alice, { username: bob.username })).body.id;
    const withCarol = (await call('POST', '/conversations/direct', alice, { username: carol.username })).body.id;
    await send(withBob, alice, 'one');
    await send(withBob, alice, 'two');
    await send(withCarol, alice, 'hi carol');
    const mails = await missedMails(bob);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(alice.username);
    expect(await missedMails(carol)).toEqual([]);
    // Online somewhere (a socket in another conversation): notified, but no mail.
    const dave = await newUser();
    await befriendUsers(s, alice, dave);
    const withDave = (await call('POST', '/conversations/direct', alice, { username: dave.username })).body.id;
    await connect(withBob, alice);
    const g = await group(dave, []);
    await connect(g, dave);
    await send(withDave, alice, 'dave?');
    expect((await notifications(dave)).some((x) => x.type === 'message.new')).toBe(true);
    expect(await missedMails(dave)).toEqual([]);
  });
});
