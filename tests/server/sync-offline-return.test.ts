import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

/**
 * A stock client back from offline answers the server's step 1 with its offline writes, but a
 * message written the moment the socket opens goes out first, as an update that builds on them:
 * the server must wait for the answer instead of refusing the update (and stopping sync for good).
 */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;
const open: WebsocketProvider[] = [];
const texts = (doc: Y.Doc) => listMessages(doc).filter((m) => !m.system).map((m) => m.text);

beforeAll(async () => {
  s = await startTestServer();
  [alice, bob] = [await s.signUp('alice'), await s.signUp('bob')];
  await befriendUsers(s, alice, bob);
});
afterAll(async () => {
  open.forEach((p) => p.destroy());
  await s.stop();
});

it('accepts a write made while the returning client is still syncing its offline writes', async () => {
  const group = (await callAs(s, 'POST', '/groups', alice, { name: 'back online', members: [bob.username] })).body.id as string;
  const a = connectAs(s, group, alice);
  const b = connectAs(s, group, bob);
  open.push(a, b);
  await Promise.all([synced(a), synced(b)]);
  sendMessage(a.doc, { author: alice.id, text: 'before' });
  await until(() => texts(b.doc).length === 1);

  a.disconnect();
  for (const text of ['offline 1', 'offline 2', 'offline 3']) sendMessage(a.doc, { author: alice.id, text });
  const closes: number[] = [];
  a.on('connection-close', (e: { code: number } | null) => closes.push(e?.code ?? 0));
  a.on('status', ({ status }: { status: string }) => {
    if (status === 'connected' && !texts(a.doc).includes('just back')) sendMessage(a.doc, { author: alice.id, text: 'just back' });
  });
  a.connect();

  const expected = ['before', 'offline 1', 'offline 2', 'offline 3', 'just back'];
  await until(() => texts(b.doc).length === expected.length);
  expect(texts(b.doc)).toEqual(expected);
  expect(s.sync.read(group, texts)).toEqual(expected);
  expect(closes).toEqual([]);
  expect(a.wsconnected).toBe(true);
});
