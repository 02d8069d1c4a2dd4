import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { until } from '../helpers/sync.js';

/** `kill -9` in the middle of a write burst loses nothing that any peer received. */

const dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
const room = randomUUID();
const children: ChildProcess[] = [];

afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  rmSync(dataDir, { recursive: true, force: true });
});

// A real server process whose only room is `room` (membership is not the sync server's business).
const SCRIPT = `(async () => {
  const { loadConfig } = await import('./server/config.ts');
  const { startServer } = await import('./server/server.ts');
  const s = await startServer({ ...loadConfig(process.env), bcryptCost: 4, rateLimitScale: 1000 });
  s.sync.setRoomDirectory({ exists: (id) => id === process.env.ROOM, isMember: () => true });
  console.log('READY ' + s.url);
})();`;

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', SCRIPT], {
    cwd: process.cwd(),
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', REQUIRE_EMAIL_VERIFICATION: 'false', ROOM: room },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}


async function login(url: string, username: string): Promise<{ id: string; token: string }> {
  const post = (path: string, body: unknown) =>
    fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const reg = await post('/auth/register', { username, email: `${username}@example.com`, password: 'correct horse battery staple' });
  const user = ((await reg.json()) as { user: { id: string } }).user;
  const res = await post('/auth/login', { login: username, password: 'correct horse battery staple' });
  return { id: user.id, token: ((await res.json()) as { accessToken: string }).accessToken };
}

function connect(url: string, token: string): WebsocketProvider {
  return new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, room, new Y.Doc(), {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: true,
  });
}

describe('crash safety', () => {
  it('keeps every message a peer received across kill -9 during a burst', async () => {
    const first = await startChild();
    const writer = await login(first.url, 'writer');
    const reader = await login(first.url, 'reader');
    const w = connect(first.url, writer.token);
    const r = connect(first.url, reader.token);
    await until(() => w.synced && r.synced);
    const received = new Set<string>();
    r.doc.getArray<{ id: string }>('messages').observe((e) => {
      for (const item of e.changes.added) for (const m of item.content.getContent() as { id: string }[]) received.add(m.id);
    });
    let sending = true;
    const burst = (async () => {
      for (let i = 0; sending && i < 5000; i++) {
        sendMessage(w.doc, { author: writer.id, text: `burst ${i}` });
        if (i % 20 === 0) await new Promise((res) => setImmediate(res));
      }
    })();
    await until(() => received.size >= 200);
    first.child.kill('SIGKILL');
    sending = false;
    await burst;
    const seen = new Set(received);
    w.destroy();
    r.destroy();

    const second = await startChild();
    const fresh = connect(second.url, reader.token);
    await until(() => fresh.synced);
    const after = new Set(listMessages(fresh.doc).map((m) => m.id));
    const missing = [...seen].filter((id) => !after.has(id));
    expect(seen.size).toBeGreaterThanOrEqual(200);
    expect(missing).toEqual([]);
    fresh.destroy();
    second.child.kill('SIGKILL');
  });
});
