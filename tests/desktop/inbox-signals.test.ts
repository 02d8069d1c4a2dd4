import { afterAll, beforeAll, expect, it } from 'vitest';
import { inboxRoom } from '../../shared/doc/inbox.js';
import { watchInboxSignals } from '../../desktop/renderer/sync/inbox-signals.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { connectAs, synced, until } from '../helpers/sync.js';

/** The renderer's signal watcher on a stock provider of a real inbox: what bumps which count. */
let server: TestServer;
let user: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  user = await server.signUp('watcher');
});
afterAll(() => server.stop());

it('bumps every count when the inbox syncs, the first time included, and a count per new value of its key', async () => {
  const room = inboxRoom(user.id);
  const provider = connectAs(server, room, user);
  const signals = watchInboxSignals(provider);
  const counts = () => signals.counts.get();
  expect(counts()).toEqual({ conversations: 0, friends: 0, requests: 0, blocks: 0 });
  // Lists loaded before this first sync may have missed signals that went to nobody.
  await synced(provider);
  expect(counts()).toEqual({ conversations: 1, friends: 1, requests: 1, blocks: 1 });

  server.sync.signal(room, { conversations: 10 });
  await until(() => counts().conversations === 2);
  // Another key changes: only its count moves (the state still carries the old conversations value).
  server.sync.signal(room, { friends: 20 });
  await until(() => counts().friends === 2);
  expect(counts().conversations).toBe(2);

  // The socket drops (signals meanwhile are lost): both lists must be refetched once it is back.
  let reconnected = false;
  provider.on('sync', (ok: boolean) => (reconnected ||= ok));
  server.sync.closeUser(user.id, 1012, 'restart');
  await until(() => reconnected);
  await until(() => counts().conversations === 3 && counts().friends === 3);

  signals.destroy();
  server.sync.signal(room, { conversations: 11 });
  server.sync.signal(room, { friends: 21 });
  // Proof the last signal arrived, with the watcher gone: its counts stay.
  await until(() => provider.awareness.getStates().size > 1 && [...provider.awareness.getStates().values()].some((s) => s.friends === 21));
  expect(counts()).toEqual({ conversations: 3, friends: 3, requests: 2, blocks: 2 });
  provider.destroy();
});

it('counts signals when it starts watching an inbox that is already synced, and not what was there before', async () => {
  const room = inboxRoom(user.id);
  const provider = connectAs(server, room, user);
  await synced(provider);
  server.sync.signal(room, { conversations: 30, friends: 40 });
  await until(() => [...provider.awareness.getStates().values()].some((s) => s.friends === 40));
  // The app opens the inbox before its screens start watching: no 'sync' event is left to see.
  const signals = watchInboxSignals(provider);
  const counts = () => signals.counts.get();
  expect(counts()).toEqual({ conversations: 0, friends: 0, requests: 0, blocks: 0 });

  server.sync.signal(room, { friends: 41 });
  await until(() => counts().friends === 1);
  expect(counts().conversations).toBe(0);
  signals.destroy();
  provider.destroy();
});
