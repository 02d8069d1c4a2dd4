import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/server.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Sent as is, without JSON encoding. */
  raw?: string | Buffer;
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface TestServer extends RunningServer {
  dataDir: string;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
  /** Mails written to DATA_DIR/outbox for `to`, oldest first; waits until at least `atLeast` exist. */
  mails(to: string, atLeast?: number): Promise<Mail[]>;
  /** The `token=` value of the newest mail to `to` whose subject matches. */
  mailToken(to: string, subject: RegExp, atLeast?: number): Promise<string>;
  /** Registers, verifies through the mailed token and logs in. */
  signUp(username: string, password?: string): Promise<TestUser>;
  stop(): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';

/** A real server on an ephemeral port with a temp DATA_DIR; cheap bcrypt and generous rate limits unless overridden. */
export async function startTestServer(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }),
    bcryptCost: 4,
    rateLimitScale: 1000,
    mailRetryBaseMs: 20,
    ...overrides,
  };
  const server = await startServer(config);

  const request = async (method: string, path: string, options: RequestOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Buffer | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${server.url}${path}`, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const mails = async (to: string, atLeast = 1): Promise<Mail[]> => {
    const dir = join(dataDir, 'outbox');
    for (let i = 0; i < 200; i++) {
      await server.mailer.flush();
      let found: Mail[] = [];
      try {
        found = readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Mail)
          .filter((m) => m.to.toLowerCase() === to.toLowerCase());
      } catch {
        // outbox not created yet
      }
      if (found.length >= atLeast) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`expected ${atLeast} mail(s) to ${to}`);
  };

  const mailToken = async (to: string, subject: RegExp, atLeast = 1): Promise<string> => {
    const matching = (await mails(to, atLeast)).filter((m) => subject.test(m.subject));
    const last = matching.at(-1);
    const token = last && /token=([\w-]+)/.exec(last.text)?.[1];
    if (!token) throw new Error(`no token mail matching ${subject} to ${to}`);
    return token;
  };

  const signUp = async (username: string, password = PASSWORD): Promise<TestUser> => {
    const email = `${username}@example.com`;
    const reg = await request('POST', '/api/v1/auth/register', { body: { username, email, password } });
    if (reg.status !== 201) throw new Error(`register ${username}: ${reg.status} ${JSON.stringify(reg.body)}`);
    const token = await mailToken(email, /verify/i);
    const verified = await request('POST', '/api/v1/auth/verify-email', { body: { token } });
    if (verified.status !== 200) throw new Error(`verify ${username}: ${verified.status}`);
    const login = await request('POST', '/api/v1/auth/login', { body: { login: username, password } });
    if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${JSON.stringify(login.body)}`);
    return { id: reg.body.user.id, username, email, password, accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
  };

  const stop = async () => {
    await server.close(1000);
    rmSync(dataDir, { recursive: true, force: true });
  };

  return { ...server, dataDir, request, mails, mailToken, signUp, stop };
}
