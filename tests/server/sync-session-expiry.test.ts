import { afterAll, beforeAll, expect, it } from 'vitest';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { closedWith, connectAs, synced, syncUrl, until, upgradeStatus } from '../helpers/sync.js';

/**
 * A socket lives as long as its session: a session that simply expires (no revocation event) is
 * caught by the periodic check and its sockets closed with 4401; other users carry on.
 */
let s: TestServer;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  s = await startTestServer({ syncSessionCheckMs: 100 });
  [alice, bob] = [await s.signUp('alice'), await s.signUp('bob')];
  await befriendUsers(s, alice, bob);
});
afterAll(() => s.stop());

it('closes the sockets of an expired session with 4401 and keeps everyone else connected', async () => {
  const group = (await callAs(s, 'POST', '/groups', alice, { name: 'expiry', members: [bob.username] })).body.id as string;
  const a = connectAs(s, group, alice);
  const b = connectAs(s, group, bob);
  await Promise.all([synced(a), synced(b)]);
  expect(s.presence.isOnline(alice.id)).toBe(true);
  const closed = closedWith(a);

  s.db.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?').run(Date.now() - 1, alice.id);
  expect(await closed).toBe(CloseCode.unauthorized);
  expect(await upgradeStatus(`${syncUrl(s)}/${group}?token=${alice.accessToken}`)).toBe(401);

  sendMessage(b.doc, { author: bob.id, text: 'still here' });
  await until(() => s.sync.read(group, (doc) => listMessages(doc).some((m) => m.text === 'still here')));
  expect(s.presence.isOnline(bob.id)).toBe(true);
  expect(s.presence.isOnline(alice.id)).toBe(false);
  a.destroy();
  b.destroy();
});
