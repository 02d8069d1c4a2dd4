import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvents } from '../../server/events.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { syncClients } from '../helpers/clients.js';
import { until } from '../helpers/sync.js';

/** The sync server announces a user's first socket opening and last socket closing; presence follows. */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
let group: string;
let direct: string;
const clients = syncClients(() => s);
const seen: Array<[keyof DomainEvents, string]> = [];

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob] = await Promise.all([s.signUp('alice'), s.signUp('bob')]);
  await befriendUsers(s, alice, bob);
  group = (await callAs(s, 'POST', '/groups', alice, { name: 'pair', members: [bob.username] })).body.id;
  direct = (await callAs(s, 'POST', '/conversations/direct', alice, { username: bob.username })).body.id;
  for (const event of ['presence.online', 'presence.offline'] as const) s.events.on(event, ({ userId }) => seen.push([event, userId]));
});
afterAll(async () => {
  clients.destroyAll();
  await s.stop();
});

const bobsEvents = () => seen.filter(([, userId]) => userId === bob.id).map(([event]) => event);
const bobOnlineForAlice = async () => ((await callAs(s, 'GET', '/friends', alice)).body.items as any[]).find((f) => f.user.id === bob.id)?.online;

describe('presence events', () => {
  it('online with the first socket, offline only when the last one closes', async () => {
    expect(await bobOnlineForAlice()).toBe(false);
    const first = await clients.connect(group, bob);
    expect(bobsEvents()).toEqual(['presence.online']);
    expect(await bobOnlineForAlice()).toBe(true);

    const second = await clients.connect(direct, bob);
    first.destroy();
    await until(() => s.sync.stats().sockets === 1);
    expect(bobsEvents()).toEqual(['presence.online']);
    expect(await bobOnlineForAlice()).toBe(true);

    second.destroy();
    await until(() => bobsEvents().length === 2);
    expect(bobsEvents()).toEqual(['presence.online', 'presence.offline']);
    expect(await bobOnlineForAlice()).toBe(false);
  });

  it('a socket the server closes (removed from the group) counts as closing, once', async () => {
    seen.length = 0;
    await clients.connect(group, bob);
    expect(await bobOnlineForAlice()).toBe(true);
    expect((await callAs(s, 'DELETE', `/groups/${group}/members/${bob.id}`, alice)).status).toBe(204);
    await until(() => bobsEvents().length === 2);
    // The client's own close arriving afterwards announces nothing more.
    await until(() => s.sync.stats().sockets === 0);
    expect(bobsEvents()).toEqual(['presence.online', 'presence.offline']);
    expect(await bobOnlineForAlice()).toBe(false);
  });
});
