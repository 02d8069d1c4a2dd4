import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

const ROOMS = 10;
const PER_ROOM = 50;
const SERVICE_RESTART = 1012;

let s: TestServer;
let user: TestUser;
let providers: { room: string; p: WebsocketProvider }[] = [];

beforeAll(async () => {
  s = await startTestServer();
  user = await s.signUp('crowd');
});
afterAll(async () => {
  providers.forEach(({ p }) => p.destroy());
  await s.stop();
});

describe('500 clients reconnecting at once', () => {
  it('all re-sync and keep exchanging messages', async () => {
    const rooms: string[] = [];
    for (let i = 0; i < ROOMS; i++) rooms.push((await callAs(s, 'POST', '/groups', user, { name: `crowd ${i}`, members: [] })).body.id);
    providers = rooms.flatMap((room) => Array.from({ length: PER_ROOM }, () => ({ room, p: connectAs(s, room, user) })));
    await Promise.all(providers.map(({ p }) => synced(p)));
    for (const room of rooms) sendMessage(providers.find((x) => x.room === room)!.p.doc, { author: user.id, text: `before ${room}` });

    // Every socket drops at the same moment; the stock clients come back on their own.
    let drops = 0;
    let reconnects = 0;
    for (const { p } of providers) {
      let dropped = false;
      p.once('connection-close', () => {
        drops++;
        dropped = true;
      });
      p.on('sync', (isSynced: boolean) => {
        if (dropped && isSynced) reconnects++;
      });
    }
    s.sync.closeUser(user.id, SERVICE_RESTART, 'restart');
    await until(() => drops === ROOMS * PER_ROOM && reconnects === ROOMS * PER_ROOM, 20_000).catch((e) => {
      throw new Error(`${drops} drops, ${reconnects} reconnects: ${e}`);
    });
    expect(s.sync.stats().sockets).toBe(ROOMS * PER_ROOM);

    for (const room of rooms) sendMessage(providers.find((x) => x.room === room)!.p.doc, { author: user.id, text: `after ${room}` });
    // Groups also carry the system message of their creation.
    await until(() => providers.every(({ room, p }) => listMessages(p.doc).filter((m) => !m.system).map((m) => m.text).join() === `before ${room},after ${room}`), 30_000);
  });
});
