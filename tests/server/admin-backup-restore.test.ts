import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { loadConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { befriendUsers, callAs } from '../helpers/social.js';
import { connectAs, synced, until } from '../helpers/sync.js';

/** `backup <file>` taken while clients write: a server started on the copy serves every acknowledged message. */
const run = promisify(execFile);
let s: TestServer | undefined;
let restored: RunningServer | undefined;
const open: WebsocketProvider[] = [];
const restoreDir = mkdtempSync(join(tmpdir(), 'parley-restore-'));

afterAll(async () => {
  open.forEach((p) => p.destroy());
  await restored?.close(1000);
  await s?.stop();
  rmSync(restoreDir, { recursive: true, force: true });
});

const connect = async (server: { url: string }, room: string, user: TestUser) => {
  const p = connectAs(server, room, user);
  open.push(p);
  await synced(p);
  return p;
};

/** Every message id the REST history of `id` serves, paging back to the start. */
async function allServed(url: string, id: string, token: string): Promise<Set<string>> {
  const seen = new Set<string>();
  let before = '';
  for (;;) {
    const res = await fetch(`${url}/api/v1/conversations/${id}/messages?limit=100${before}`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    page.items.forEach((m) => seen.add(m.id));
    if (!page.nextCursor) return seen;
    before = `&before=${page.nextCursor}`;
  }
}

describe('backup while clients write, then restore', () => {
  it('serves every message acknowledged before the backup started', async () => {
    s = await startTestServer();
    const server = s;
    const [alice, bob] = [await server.signUp('alice'), await server.signUp('bob')];
    await befriendUsers(server, alice, bob);
    const id = (await callAs(server, 'POST', '/conversations/direct', alice, { username: 'bob' })).body.id;

    // Alice writes over REST (acknowledged by the 201), Bob over sync (acknowledged once Alice's
    // socket receives it: the server broadcasts only what is durable).
    const acked = new Set<string>();
    let writing = true;
    let sent = 0;
    const restWriter = (async () => {
      while (writing) {
        const r = await callAs(server, 'POST', `/conversations/${id}/messages`, alice, { text: `rest ${sent++}` });
        expect(r.status).toBe(201);
        acked.add(r.body.message.id);
      }
    })();
    const bobSocket = await connect(server, id, bob);
    const aliceSocket = await connect(server, id, alice);
    aliceSocket.doc.getArray('messages').observe(() => {
      for (const m of listMessages(aliceSocket.doc)) if (m.author === bob.id) acked.add(m.id);
    });
    const syncWriter = setInterval(() => sendMessage(bobSocket.doc, { author: bob.id, text: `sync ${sent++}` }), 5);

    await until(() => acked.size >= 60);
    const before = new Set(acked);
    const file = join(server.dataDir, 'backup.sqlite');
    const backup = await run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', 'backup', file], { env: { ...process.env, DATA_DIR: server.dataDir } });
    expect(backup.stdout).toMatch(/backed up \d+ pages/);
    // Writing went on during the backup (it took a child process start, so hundreds of 5 ms ticks).
    const during = acked.size - before.size;
    expect(during).toBeGreaterThan(0);
    await until(() => acked.size >= before.size + during + 20);
    writing = false;
    clearInterval(syncWriter);
    await restWriter;

    // Restore as the README says: the copy becomes DATA_DIR/parley.sqlite of a fresh server.
    copyFileSync(file, join(restoreDir, 'parley.sqlite'));
    expect(existsSync(join(restoreDir, 'parley.sqlite-wal'))).toBe(false);
    restored = await startServer({ ...loadConfig({ DATA_DIR: restoreDir, PORT: '0', LOG_LEVEL: 'silent' }), bcryptCost: 4, rateLimitScale: 1000 });
    const login = await fetch(`${restored.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bob', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { accessToken: string }).accessToken;

    const served = await allServed(restored.url, id, token);
    const missing = [...before].filter((m) => !served.has(m));
    expect(missing).toEqual([]);
    expect(before.size).toBeGreaterThanOrEqual(60);
    // A stock sync client of the restored server gets them too.
    const replica = await connect(restored, id, { ...bob, accessToken: token });
    const inDoc = new Set(listMessages(replica.doc).map((m) => m.id));
    expect([...before].filter((m) => !inDoc.has(m))).toEqual([]);

    // The restored copy is consistent: every row decodes and the index matches (or is only behind).
    const verify = await run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', 'verify'], { env: { ...process.env, DATA_DIR: restoreDir } });
    expect(verify.stdout).toMatch(/^ok: \d+ document\(s\) verified$/m);
  }, 120_000);
});
