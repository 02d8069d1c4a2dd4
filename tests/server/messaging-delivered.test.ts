import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { conversationRoots, markDelivered, receiptPositions } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { syncClients } from '../helpers/clients.js';
import { until } from '../helpers/sync.js';

/** Delivered marks: POST /conversations/:id/delivered and sync clients write the same receipts; positions never move backwards. */
let s: TestServer;
const clients = syncClients(() => s);
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  clients.destroyAll();
  await s.stop();
});

let n = 0;
const newUser = () => s.signUp(`d${++n}x${randomUUID().slice(0, 4)}`);
const call = (method: string, path: string, user?: TestUser, body?: unknown) => callAs(s, method, path, user, body);
const connect = clients.connect;
const deliver = (id: string, user: TestUser, messageId: string) => call('POST', `/conversations/${id}/delivered`, user, { messageId });
/** Message text → who it was delivered to / read by, as REST history reports it. */
const receipts = async (id: string, viewer: TestUser) =>
  Object.fromEntries(
    ((await call('GET', `/conversations/${id}/messages`, viewer)).body.items as any[])
      .filter((m) => m.system === undefined)
      .map((m) => [m.text, { deliveredTo: m.deliveredTo, readBy: m.readBy }]),
  );
/** Where a message sits in a replica's `messages` (receipt positions are indexes; the group's system messages come first). */
const indexIn = (doc: Y.Doc, messageId: string) => conversationRoots(doc).messages.toArray().findIndex((m) => m.id === messageId);

async function groupWithMessages(texts: string[]): Promise<{ alice: TestUser; bob: TestUser; carol: TestUser; id: string; ids: string[] }> {
  const [alice, bob, carol] = [await newUser(), await newUser(), await newUser()];
  await befriendUsers(s, alice, bob);
  await befriendUsers(s, alice, carol);
  const id = (await call('POST', '/groups', alice, { name: 'mail room', members: [bob.username, carol.username] })).body.id;
  const ids: string[] = [];
  for (const text of texts) ids.push((await call('POST', `/conversations/${id}/messages`, alice, { text })).body.message.id);
  return { alice, bob, carol, id, ids };
}

describe('POST /conversations/:id/delivered', () => {
  it('marks everything up to the message delivered; an older mark later changes nothing; read implies delivered', async () => {
    const { alice, bob, carol, id, ids } = await groupWithMessages(['m1', 'm2', 'm3']);
    expect((await deliver(id, bob, ids[1]!)).status).toBe(204);
    expect((await deliver(id, bob, ids[0]!)).status).toBe(204);
    expect(await receipts(id, alice)).toEqual({
      m1: { deliveredTo: [bob.id], readBy: [] },
      m2: { deliveredTo: [bob.id], readBy: [] },
      m3: { deliveredTo: [], readBy: [] },
    });
    expect((await call('POST', `/conversations/${id}/read`, carol, { messageId: ids[2] })).status).toBe(204);
    const after = await receipts(id, alice);
    expect(after.m3).toEqual({ deliveredTo: [carol.id], readBy: [carol.id] });
    expect(after.m2?.deliveredTo.sort()).toEqual([bob.id, carol.id].sort());
    // Delivery is not reading: nothing became read for bob, and his unread count is untouched.
    const listed = (await call('GET', '/conversations', bob)).body.items.find((c: any) => c.id === id);
    expect(listed.unreadCount).toBe(3);
  });

  it('is written into the document: a stock y-websocket client sees it', async () => {
    const { bob, carol, id, ids } = await groupWithMessages(['one', 'two']);
    const watcher = await connect(id, carol);
    expect((await deliver(id, bob, ids[1]!)).status).toBe(204);
    await until(() => receiptPositions(watcher.doc).get(bob.id)?.delivered === indexIn(watcher.doc, ids[1]!));
    expect(receiptPositions(watcher.doc).get(bob.id)).toMatchObject({ read: -1 });
  });

  it('refuses bad input with a clear 4xx and changes nothing', async () => {
    const { alice, bob, id, ids } = await groupWithMessages(['x']);
    const outsider = await newUser();
    const cases = [
      [await deliver(id, bob, 'no-such-message'), 404],
      [await call('POST', `/conversations/${id}/delivered`, bob, {}), 400],
      [await call('POST', `/conversations/${id}/delivered`, bob, { messageId: ids[0], extra: 1 }), 400],
      [await call('POST', `/conversations/${id}/delivered`, bob, { messageId: 'bad id!' }), 400],
      [await deliver(id, outsider, ids[0]!), 403],
      [await deliver(randomUUID(), bob, ids[0]!), 404],
      [await deliver('not-a-uuid', bob, ids[0]!), 400],
      [await call('POST', `/conversations/${id}/delivered`, undefined, { messageId: ids[0] }), 401],
    ] as const;
    for (const [reply, status] of cases) {
      expect(reply.status).toBe(status);
      expect(reply.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await receipts(id, alice)).x).toEqual({ deliveredTo: [], readBy: [] });
  });
});

describe('delivered marks from sync clients', () => {
  it('a device marking delivery in its document shows in REST history, and REST marks reach the device', async () => {
    const { alice, bob, carol, id, ids } = await groupWithMessages(['a', 'b', 'c']);
    const phone = await connect(id, bob);
    markDelivered(phone.doc, { userId: bob.id, messageId: ids[2]!, device: 'phone' });
    for (let i = 0; i < 500 && (await receipts(id, alice)).c?.deliveredTo.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await receipts(id, alice)).c).toEqual({ deliveredTo: [bob.id], readBy: [] });
    expect((await deliver(id, carol, ids[0]!)).status).toBe(204);
    await until(() => receiptPositions(phone.doc).get(carol.id)?.delivered === indexIn(phone.doc, ids[0]!));
  });

  it('two devices of one user racing with REST end at the furthest position, never behind it', async () => {
    const { alice, bob, id, ids } = await groupWithMessages(['r1', 'r2', 'r3', 'r4']);
    const [laptop, phone] = [await connect(id, bob), await connect(id, bob)];
    // Both devices write while REST marks an older message at the same time.
    markDelivered(laptop.doc, { userId: bob.id, messageId: ids[3]!, device: 'laptop' });
    markDelivered(phone.doc, { userId: bob.id, messageId: ids[1]!, device: 'phone' });
    expect((await deliver(id, bob, ids[0]!)).status).toBe(204);
    await until(() => [laptop, phone].every((p) => receiptPositions(p.doc).get(bob.id)?.delivered === indexIn(p.doc, ids[3]!)));
    for (let i = 0; i < 500 && (await receipts(id, alice)).r4?.deliveredTo.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const seen = await receipts(id, alice);
    expect(['r1', 'r2', 'r3', 'r4'].map((t) => seen[t]?.deliveredTo)).toEqual([[bob.id], [bob.id], [bob.id], [bob.id]]);
  });
});
