import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LogLine {
  msg?: string;
  url?: string;
  level?: number;
  [key: string]: unknown;
}

/** The real entry point (`npm start`) as a child process, with its JSON log lines collected. */
class ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly logs: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  private buffer = '';

  constructor(readonly dataDir: string) {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', BCRYPT_COST: '10' };
    for (const name of ['JWT_SECRET', 'MAILGUN_API_KEY', 'MAILGUN_DOMAIN', 'PUBLIC_URL']) delete env[name];
    this.child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env });
    this.child.stdout.on('data', (d: Buffer) => this.onStdout(d.toString()));
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    // 'close', not 'exit': only then has every line the process wrote been read.
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const w of this.waiters.splice(0)) w.resolve({ msg: '<exited>' });
    });
  }

  private onStdout(text: string): void {
    this.buffer += text;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        parsed = { msg: `<not json> ${line}` };
      }
      this.logs.push(parsed);
      this.waiters = this.waiters.filter((w) => (w.test(parsed) ? (w.resolve(parsed), false) : true));
    }
  }

  /** Resolves with the first log line (past or future) with this message. */
  waitForLog(msg: string): Promise<LogLine> {
    const seen = this.logs.find((l) => l.msg === msg);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ test: (l) => l.msg === msg, resolve }));
  }

  async url(): Promise<string> {
    const line = await this.waitForLog('parley listening');
    if (typeof line.url !== 'string') throw new Error(`server did not start: ${this.stderr}`);
    return line.url;
  }

  messages(): string[] {
    return this.logs.map((l) => l.msg ?? '');
  }
}

const started: ServerProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const p of started.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function startProcess(): ServerProcess {
  const dir = mkdtempSync(join(tmpdir(), 'parley-shutdown-'));
  dirs.push(dir);
  const p = new ServerProcess(dir);
  started.push(p);
  return p;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (d: string) => (text += d));
    res.on('end', () => resolve(text));
    res.on('error', reject);
  });
}

/** After a clean stop the database is checkpointed and closed: no WAL left, and it opens and checks fine. */
function expectCleanDatabase(dataDir: string): Database.Database {
  const file = join(dataDir, 'parley.sqlite');
  expect(existsSync(file)).toBe(true);
  expect(existsSync(`${file}-wal`)).toBe(false);
  expect(existsSync(`${file}-shm`)).toBe(false);
  const db = new Database(file);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBeGreaterThan(0);
  // Writable, so no lock is left behind.
  db.exec('CREATE TABLE after_shutdown (a INTEGER); DROP TABLE after_shutdown;');
  return db;
}

describe('graceful shutdown of the real server process', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const p = startProcess();
    const url = await p.url();
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);

    // A registration whose headers have arrived (the server answered 100 Continue) but whose body has not.
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ username: 'inflight', email: 'inflight@example.com', password: 'a fine long password' });
    const req = request(`${url}/api/v1/auth/register`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    const continued = new Promise<void>((resolve) => req.on('continue', () => resolve()));
    req.flushHeaders();
    await continued;

    expect(p.child.kill('SIGTERM')).toBe(true);
    await p.waitForLog('shutting down');
    req.end(body);

    const res = await response;
    const text = await readBody(res);
    expect(res.statusCode, text).toBe(201);
    expect(JSON.parse(text).user.username).toBe('inflight');
    // The connection is not kept alive past the shutdown.
    expect(res.headers.connection).toBe('close');

    // No new connections once the in-flight work is done.
    await expect(fetch(`${url}/api/v1/health`)).rejects.toThrow();

    const { code, signal } = await p.exited;
    agent.destroy();
    expect(signal).toBeNull();
    expect(code, p.stderr).toBe(0);

    const messages = p.messages();
    expect(messages).toContain('parley stopped');
    expect(messages.indexOf('shutting down')).toBeLessThan(messages.indexOf('parley stopped'));
    expect(p.logs.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGTERM');
    expect(p.logs.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
    expect(p.stderr).not.toMatch(/Error|\n\s+at /);

    const db = expectCleanDatabase(p.dataDir);
    try {
      // The work of the in-flight request is durable, its verification mail queued (or already sent), not lost.
      expect(db.prepare("SELECT count(*) FROM users WHERE username = 'inflight'").pluck().get()).toBe(1);
      expect(db.prepare("SELECT count(*) FROM mail_queue WHERE recipient = 'inflight@example.com'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });

  it('on SIGINT with no traffic exits 0 and leaves a clean database', async () => {
    const p = startProcess();
    const url = await p.url();
    expect((await fetch(`${url}/api/v1/health`)).status).toBe(200);
    p.child.kill('SIGINT');
    const { code } = await p.exited;
    expect(code, p.stderr).toBe(0);
    expect(p.messages()).toEqual(expect.arrayContaining(['parley listening', 'shutting down', 'parley stopped']));
    expect(p.logs.find((l) => l.msg === 'shutting down')?.signal).toBe('SIGINT');
    expectCleanDatabase(p.dataDir).close();
  });

  it('starts again on the same DATA_DIR with the same JWT secret and data', async () => {
    const first = startProcess();
    const url = await first.url();
    const reg = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'keeper', email: 'keeper@example.com', password: 'a fine long password' }),
    });
    expect(reg.status).toBe(201);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const secret = readFileSync(join(first.dataDir, 'jwt-secret'), 'utf8');

    const second = new ServerProcess(first.dataDir);
    started.push(second);
    await second.url();
    // No migration ran twice, nothing was lost.
    second.child.kill('SIGTERM');
    expect((await second.exited).code, second.stderr).toBe(0);
    expect(readFileSync(join(first.dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
    const db = expectCleanDatabase(first.dataDir);
    try {
      expect(db.prepare("SELECT count(*) FROM users WHERE username = 'keeper'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
