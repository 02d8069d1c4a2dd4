import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { syncClients } from '../helpers/clients.js';
import { until } from '../helpers/sync.js';

/**
 * Missed-message mail goes only to people who have been away for a while: no socket anywhere, and
 * neither a socket nor an authenticated request for MISSED_MAIL_OFFLINE_MINUTES (a short period here).
 */
const AWAY_MS = 1500;
let away: TestServer;
const clients = syncClients(() => away);
beforeAll(async () => {
  away = await startTestServer({ missedMailOfflineMs: AWAY_MS });
});
afterAll(async () => {
  clients.destroyAll();
  await away.stop();
});

let n = 0;
const newUser = (s: TestServer) => s.signUp(`m${++n}x${randomUUID().slice(0, 4)}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new friend of `user` and their direct conversation. */
async function newFriend(s: TestServer, user: TestUser): Promise<{ friend: TestUser; id: string }> {
  const friend = await newUser(s);
  await befriendUsers(s, user, friend);
  const id = (await callAs(s, 'POST', '/conversations/direct', user, { username: friend.username })).body.id;
  return { friend, id };
}

/** Two friends and their direct conversation. */
async function pair(s: TestServer): Promise<{ alice: TestUser; bob: TestUser; id: string }> {
  const alice = await newUser(s);
  const { friend: bob, id } = await newFriend(s, alice);
  return { alice, bob, id };
}

/** Sends as `from`, then waits for `to`'s notification about it: by then the mail decision is made. */
async function sendAndNotify(s: TestServer, id: string, from: TestUser, to: TestUser, text: string): Promise<void> {
  const sent = await callAs(s, 'POST', `/conversations/${id}/messages`, from, { text });
  expect(sent.status).toBe(201);
  const notified = async () => ((await callAs(s, 'GET', '/notifications', to)).body.items as any[]).some((x) => x.conversationId === id && x.type === 'message.new');
  for (let i = 0; i < 500 && !(await notified()); i++) await sleep(20);
  expect(await notified()).toBe(true);
}

async function missedMails(s: TestServer, user: TestUser) {
  await s.mailer.flush();
  return (await s.mails(user.email)).filter((m) => /New messages/.test(m.subject));
}

/** Connects a stock client, keeps it open for `ms`, then closes it and waits until the server has let go of it. */
async function onlineFor(id: string, user: TestUser, ms: number): Promise<void> {
  const p = await clients.connect(id, user);
  await sleep(ms);
  p.destroy();
  await until(() => !away.presence.isOnline(user.id));
}

describe('missed-message mail waits until the recipient has been away for a while', () => {
  it('a recent authenticated request counts as being around: notified, but no mail', async () => {
    const { alice, bob, id } = await pair(away);
    // Longer than the away period with no socket: only the request below keeps bob "seen".
    await sleep(AWAY_MS + 300);
    expect((await callAs(away, 'GET', '/users/me', bob)).status).toBe(200);
    await sendAndNotify(away, id, alice, bob, 'are you there?');
    expect(await missedMails(away, bob)).toEqual([]);
  });

  it('a socket closed a moment ago counts as being around, however long ago the last request was', async () => {
    const { alice, bob, id } = await pair(away);
    // Longer than the away period on a socket alone: only the socket keeps bob "seen".
    await onlineFor(id, bob, AWAY_MS + 500);
    await sendAndNotify(away, id, alice, bob, 'just missed you');
    expect(await missedMails(away, bob)).toEqual([]);
  });

  it('once away long enough: one mail per conversation an hour, none when turned off', async () => {
    const { alice, bob, id } = await pair(away);
    const { friend: carol, id: withCarol } = await newFriend(away, alice);
    expect((await callAs(away, 'PATCH', '/users/me/settings', carol, { emailMissedMessages: false })).status).toBe(200);
    await onlineFor(id, bob, 10);
    await sleep(AWAY_MS + 300);
    await sendAndNotify(away, id, alice, bob, 'first');
    await sendAndNotify(away, id, alice, bob, 'second');
    await sendAndNotify(away, withCarol, alice, carol, 'hi carol');
    const mails = await missedMails(away, bob);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(alice.username);
    expect(await missedMails(away, carol)).toEqual([]);
  });

  it('a live socket anywhere means no mail, however long it has been open', async () => {
    const { alice, bob, id } = await pair(away);
    const { id: elsewhere } = await newFriend(away, bob);
    await clients.connect(elsewhere, bob);
    await sleep(AWAY_MS + 300);
    await sendAndNotify(away, id, alice, bob, 'busy elsewhere?');
    expect(await missedMails(away, bob)).toEqual([]);
  });
});
