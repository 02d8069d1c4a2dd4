import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ServerKind = 'raw' | 'y-websocket-server' | 'hocuspocus' | 'parley';
export const SERVER_KINDS: ServerKind[] = ['raw', 'y-websocket-server', 'hocuspocus', 'parley'];

/** A server under test, in its own process so its CPU and memory can be read from /proc. */
export interface BenchServer {
  kind: ServerKind;
  pid: number;
  /** Base URL handed to the client's provider (y-websocket appends the room name). */
  wsBase: string;
  /** Query parameters every client sends (Parley: the access token). */
  params: Record<string, string>;
  /** The author id messages must carry (Parley checks it). */
  userId: string;
  /** Creates `n` rooms and returns their names. */
  rooms(n: number): Promise<string[]>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = new URL('..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server process; once it prints `readyLine`, its output goes to `logFile`. */
function launch(args: string[], env: Record<string, string>, readyLine: RegExp, logFile: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (readyLine.test(out)) {
        child.stdout?.off('data', onData);
        const log = createWriteStream(logFile, { flags: 'a' });
        log.write(out);
        child.stdout?.pipe(log);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${out}`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** Starts one server of `kind` on a fresh port and data directory. */
export async function startBenchServer(kind: ServerKind): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  const http = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'server.log');
  const start = (): Promise<ChildProcess> => {
    if (kind === 'raw') return launch(['--import', 'tsx', 'bench/raw-server.ts'], { PORT: String(port) }, /ready/, logFile);
    if (kind === 'y-websocket-server') {
      const env = { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: join(dataDir, 'leveldb') };
      return launch(['node_modules/@y/websocket-server/src/server.js'], env, /running at/, logFile);
    }
    if (kind === 'hocuspocus') return launch(['--import', 'tsx', 'bench/hocuspocus-server.ts'], { PORT: String(port), DATA_DIR: dataDir }, /hocuspocus ready/, logFile);
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    // BENCH_NODE_FLAGS: extra Node flags for Parley's server (experiments: --trace-gc, heap sizes).
    const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
    return launch([...profile, ...flags, '--import', 'tsx', 'server/main.ts'], {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      REQUIRE_EMAIL_VERIFICATION: 'false',
      BCRYPT_COST: '10',
      // Bulk loads (S4 seeds 100,000 messages) would otherwise meet the per-connection limits.
      SYNC_RATE_MESSAGES: '1000000',
      SYNC_RATE_BYTES: '1000000000',
    }, /parley listening/, logFile);
  };
  let child = await start();
  let token = '';
  // The reference servers have no accounts; an id as long as Parley's keeps the documents' bytes comparable.
  let userId = randomUUID();
  const api = async (path: string, body: unknown) => {
    const res = await fetch(`${http}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  if (kind === 'parley') {
    await api('/auth/register', { username: 'bench', email: 'bench@example.com', password: 'stopwatch racing figures' });
    const login = await api('/auth/login', { login: 'bench', password: 'stopwatch racing figures' });
    token = login.accessToken;
    userId = login.user.id;
  }
  let roomCount = 0;
  return {
    kind,
    get pid() {
      return child.pid as number;
    },
    wsBase: kind === 'parley' ? `ws://127.0.0.1:${port}/sync` : `ws://127.0.0.1:${port}`,
    get params(): Record<string, string> {
      return token ? { token } : {};
    },
    userId,
    async rooms(n) {
      if (kind !== 'parley') return Array.from({ length: n }, () => `room-${roomCount++}`);
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await api('/groups', { name: `bench ${roomCount++}`, members: [] })).id);
      return ids;
    },
    async restart() {
      await stopChild(child);
      // Parley's session and JWT secret live in DATA_DIR: the same token works after the restart.
      child = await start();
    },
    async stop() {
      await stopChild(child);
      // BENCH_KEEP=1 keeps each server's data directory and log (server.log) for a post-mortem.
      if (process.env.BENCH_KEEP) console.log(`${kind}: data and log kept in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
