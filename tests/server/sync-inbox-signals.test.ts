import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { INBOX_SIGNAL_KEYS, inboxRoom, inboxSignalOf, sendMessage, type InboxSignalKey } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { syncClients } from '../helpers/clients.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { until } from '../helpers/sync.js';
import { image, sendFile } from '../helpers/uploads.js';

/**
 * The server's "your list changed" signals in each user's inbox, sent through its awareness state:
 * live for members only, never spoofable by a client, never stored.
 */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let dave: TestUser;
let direct: string;
const clients = syncClients(() => s);

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob, carol, dave] = [await s.signUp('alice'), await s.signUp('bob'), await s.signUp('carol'), await s.signUp('dave')];
  await befriendUsers(s, alice, bob);
  await befriendUsers(s, bob, carol);
  direct = (await callAs(s, 'POST', '/conversations/direct', alice, { username: 'bob' })).body.id;
});
afterAll(async () => {
  clients.destroyAll();
  await s.stop();
});

/** Every distinct signal value a client has seen from the server, per key (its own state excluded), from now on. */
function signalsSeenBy(p: WebsocketProvider): Record<InboxSignalKey, unknown[]> {
  const seen = Object.fromEntries(INBOX_SIGNAL_KEYS.map((key) => [key, [] as unknown[]])) as Record<InboxSignalKey, unknown[]>;
  const record = () => {
    for (const [clientId, state] of p.awareness.getStates()) {
      const signal = clientId === p.awareness.clientID ? null : inboxSignalOf(state);
      for (const key of INBOX_SIGNAL_KEYS) {
        if (signal?.[key] !== undefined && seen[key].at(-1) !== signal[key]) seen[key].push(signal[key]);
      }
    }
  };
  record();
  p.awareness.on('change', record);
  return seen;
}

/** An open inbox and what it has been signalled. */
async function inbox(user: TestUser) {
  const p = await clients.connect(inboxRoom(user.id), user);
  const seen = signalsSeenBy(p);
  return { p, seen };
}

/** Runs `action` and resolves once `seen[key]` got a new value. */
async function expectSignal(seen: Record<InboxSignalKey, unknown[]>, key: InboxSignalKey, action: () => Promise<unknown>): Promise<void> {
  const before = seen[key].length;
  await action();
  await until(() => seen[key].length > before);
}

describe('conversation signals', () => {
  it('reach a member when someone else sends over REST, and never a non-member', async () => {
    const a = await inbox(alice);
    const c = await inbox(carol);
    const before = c.seen.conversations.length;
    await expectSignal(a.seen, 'conversations', async () => {
      expect((await callAs(s, 'POST', `/conversations/${direct}/messages`, bob, { text: 'hi alice' })).status).toBe(201);
    });
    // Carol is signalled for her own new group only; anything about alice's conversation would have come first.
    await expectSignal(c.seen, 'conversations', async () => {
      expect((await callAs(s, 'POST', '/groups', bob, { name: 'hikers', members: ['carol'] })).status).toBe(201);
    });
    expect(c.seen.conversations.length).toBe(before + 1);
  });

  it('reach a member when someone else writes a message over sync', async () => {
    const a = await inbox(alice);
    const room = await clients.connect(direct, bob);
    await expectSignal(a.seen, 'conversations', async () => sendMessage(room.doc, { author: bob.id, text: 'over sync' }));
    room.destroy();
  });

  it('reach a user added to an existing group', async () => {
    const a = await inbox(alice);
    const group = await callAs(s, 'POST', '/groups', bob, { name: 'climbers', members: ['carol'] });
    expect(group.status).toBe(201);
    await expectSignal(a.seen, 'conversations', async () => {
      expect([200, 201]).toContain((await callAs(s, 'POST', `/groups/${group.body.id}/members`, bob, { username: 'alice' })).status);
    });
  });
});

describe('friend signals', () => {
  it('reach friends when a user comes online and goes offline', async () => {
    const a = await inbox(alice);
    let b: WebsocketProvider | undefined;
    await expectSignal(a.seen, 'friends', async () => (b = await clients.connect(inboxRoom(bob.id), bob)));
    await expectSignal(a.seen, 'friends', async () => b!.destroy());
    // Presence changes the friend list only: requests and blocks need no refetch.
    expect([a.seen.requests, a.seen.blocks]).toEqual([[], []]);
  });

  it('reach friends and everyone sharing a conversation when a user changes name or picture, and nobody else', async () => {
    const erin = await s.signUp('erin');
    const a = await inbox(alice);
    const e = await inbox(erin);
    await expectSignal(a.seen, 'friends', async () => {
      expect((await callAs(s, 'PATCH', '/users/me', bob, { displayName: 'Bobby' })).status).toBe(200);
    });
    await until(() => a.seen.conversations.length > 0 && a.seen.conversations.at(-1) === a.seen.friends.at(-1));
    await expectSignal(a.seen, 'friends', async () => {
      expect((await sendFile(s, 'PUT', '/users/me/avatar', bob, await image(64, 64), 'me.png')).status).toBe(200);
    });
    await expectSignal(a.seen, 'friends', async () => {
      expect((await callAs(s, 'DELETE', '/users/me/avatar', bob)).status).toBe(200);
    });
    // Saving what is already there changes nothing anyone sees: the event behind those signals stays quiet.
    const announced: string[] = [];
    const off = s.events.on('user.profile_changed', ({ userId }) => announced.push(userId));
    expect((await callAs(s, 'PATCH', '/users/me', bob, { displayName: 'Bobby' })).status).toBe(200);
    expect((await callAs(s, 'DELETE', '/users/me/avatar', bob)).status).toBe(200);
    expect((await callAs(s, 'PATCH', '/users/me', bob, { bio: 'hello' })).status).toBe(200);
    off();
    expect(announced).toEqual([bob.id]);
    // Erin shares nothing with bob: she saw none of that, and her inbox is live (her own request brings one).
    expect(e.seen.friends).toEqual([]);
    await expectSignal(e.seen, 'friends', () => befriendUsers(s, alice, erin));
    expect(e.seen.conversations).toEqual([]);
  });

  it('reach both people when a request is sent, declined or withdrawn, as `requests` and as `friends`', async () => {
    const [fay, gus] = [await s.signUp('fay'), await s.signUp('gus')];
    const f = await inbox(fay);
    const g = await inbox(gus);
    const both = async (action: () => Promise<unknown>) => {
      const before = [f.seen.friends.length, g.seen.friends.length, f.seen.requests.length, g.seen.requests.length];
      await action();
      await until(() => [f.seen.friends, g.seen.friends, f.seen.requests, g.seen.requests].every((seen, i) => seen.length > (before[i] as number)));
    };
    let requestId = '';
    await both(async () => {
      const sent = await callAs(s, 'POST', '/friends/requests', fay, { username: 'gus' });
      expect(sent.status).toBe(201);
      requestId = sent.body.id;
    });
    await both(async () => expect((await callAs(s, 'POST', `/friends/requests/${requestId}/decline`, gus)).status).toBe(204));
    await both(async () => {
      requestId = (await callAs(s, 'POST', '/friends/requests', gus, { username: 'fay' })).body.id;
    });
    await both(async () => expect((await callAs(s, 'DELETE', `/friends/requests/${requestId}`, gus)).status).toBe(204));
  });

  it('reach the blocker when they block or unblock, and never the person blocked', async () => {
    const [hal, ivy] = [await s.signUp('hal'), await s.signUp('ivy')];
    const h = await inbox(hal);
    const i = await inbox(ivy);
    await expectSignal(h.seen, 'blocks', async () => expect((await callAs(s, 'POST', `/users/${ivy.id}/block`, hal)).status).toBe(204));
    await expectSignal(h.seen, 'blocks', async () => expect((await callAs(s, 'DELETE', `/users/${ivy.id}/block`, hal)).status).toBe(204));
    // Each came as `friends` too (clients that know only that key), and neither touched the requests.
    expect(h.seen.friends).toEqual(h.seen.blocks);
    expect(h.seen.requests).toEqual([]);
    // Ivy's inbox is live: her own request brings her one signal, and any about the block would have come before it.
    await expectSignal(i.seen, 'friends', async () => expect((await callAs(s, 'POST', '/friends/requests', ivy, { username: 'hal' })).status).toBe(201));
    expect(i.seen.friends).toHaveLength(1);
    expect(i.seen.blocks).toEqual([]);
  });
});

describe('the server’s awareness entry', () => {
  it('cannot be claimed by a client, keeps carrying signals, and nothing is stored', async () => {
    const room = inboxRoom(dave.id);
    const rows = (sql: string, ...args: unknown[]) => s.db.prepare(`SELECT * FROM ${sql}`).all(room, ...args);
    const device1 = await clients.connect(room, dave);
    const device2 = await inbox(dave);
    // The server has never written into this inbox: its client id is not claimed by any write yet.
    expect(s.sync.signal(room, { conversations: 1 })).toBe(true);
    await until(() => device2.seen.conversations.includes(1));
    const serverId = [...device2.p.awareness.getStates()].find(([, state]) => inboxSignalOf(state))![0];

    // Device 1 claims the server's id with a newer clock: the entry is dropped, the socket stays.
    device1.ws!.send(awarenessFrame(serverId, 1000, { conversations: 999 }));
    // A change of its own on the same socket: once device 2 sees it, the server has handled the claim.
    device1.awareness.setLocalStateField('probe', 1);
    await until(() => device2.p.awareness.getStates().get(device1.awareness.clientID)?.probe === 1);
    expect(device2.seen.conversations).not.toContain(999);
    expect(s.sync.signal(room, { conversations: 2 })).toBe(true);
    await until(() => device2.seen.conversations.includes(2));
    expect(device2.seen.conversations).not.toContain(999);
    expect(device2.p.awareness.getStates().get(serverId)).toEqual({ conversations: 2 });
    expect(device1.wsconnected).toBe(true);

    s.sync.flush();
    expect(rows('doc_updates WHERE conversation_id = ?')).toEqual([]);
    // The devices' own awareness ids are theirs (claimed); the server's id was never given away.
    expect(rows('doc_clients WHERE conversation_id = ? AND client_id = ?', serverId)).toEqual([]);
  });

  it('is not sent to rooms nobody has open, and never loads them', async () => {
    const before = s.sync.stats().rooms;
    expect(s.sync.signal(inboxRoom(carol.id) + '-nobody', { friends: 1 })).toBe(false);
    expect(s.sync.stats().rooms).toBe(before);
  });
});

/** A y-protocols awareness message with one entry, as a client would send it. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1); // messageAwareness
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}
