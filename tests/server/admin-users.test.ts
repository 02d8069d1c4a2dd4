import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const run = promisify(execFile);
let s: TestServer;
let admin: TestUser;
let bob: TestUser;

/** The real CLI in a child process, on the running server's DATA_DIR. */
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', ...args], { env: { ...process.env, DATA_DIR: s.dataDir } });

beforeAll(async () => {
  s = await startTestServer();
  admin = await s.signUp('root');
  bob = await s.signUp('bob');
});
afterAll(() => s.stop());

const get = (path: string, token?: string) => s.request('GET', `/api/v1/admin${path}`, token ? { token } : {});
const post = (path: string, token: string) => s.request('POST', `/api/v1/admin${path}`, { token });

describe('admin role', () => {
  it('is refused to non-admins (403) and anonymous callers (401)', async () => {
    expect((await get('/users', bob.accessToken)).status).toBe(403);
    expect((await post(`/users/${admin.id}/deactivate`, bob.accessToken)).status).toBe(403);
    expect((await get('/audit', bob.accessToken)).status).toBe(403);
    expect((await get('/users')).status).toBe(401);
  });

  it('is granted with the CLI, which refuses unknown users', async () => {
    const { stdout } = await cli('grant', 'root');
    expect(stdout).toContain('root is now an admin');
    await expect(cli('grant', 'nobody')).rejects.toMatchObject({ code: 64 });
    expect((await get('/users', admin.accessToken)).status).toBe(200);
    const me = await s.request('GET', '/api/v1/users/me', { token: admin.accessToken });
    expect(me.body.user.isAdmin).toBe(true);
    const list = await cli('users');
    expect(list.stdout).toMatch(/root\troot@example.com\tactive\tadmin/);
  });
});

describe('user management', () => {
  it('finds users by email too, deactivated ones included', async () => {
    const r = await get('/users?q=bob@example', admin.accessToken);
    expect(r.body.items).toHaveLength(1);
    expect(r.body.items[0]).toMatchObject({ username: 'bob', email: 'bob@example.com', deactivatedAt: null });
    expect(r.body.items[0].liveSessions).toBeGreaterThan(0);
  });

  it('deactivates (sessions end at once) and reactivates', async () => {
    const d = await post(`/users/${bob.id}/deactivate`, admin.accessToken);
    expect(d.status).toBe(200);
    expect(d.body.user.deactivatedAt).not.toBeNull();
    expect((await s.request('GET', '/api/v1/users/me', { token: bob.accessToken })).status).toBe(401);
    expect((await s.request('POST', '/api/v1/auth/login', { body: { login: 'bob', password: PASSWORD } })).status).toBe(403);
    expect((await get('/users?q=bob', admin.accessToken)).body.total).toBe(1);
    expect((await post(`/users/${bob.id}/reactivate`, admin.accessToken)).body.user.deactivatedAt).toBeNull();
    expect((await s.request('POST', '/api/v1/auth/login', { body: { login: 'bob', password: PASSWORD } })).status).toBe(200);
  });

  it('ends every session of a user and resets MFA', async () => {
    const carol = await s.signUp('carol');
    await s.request('POST', '/api/v1/users/me/mfa/setup', { token: carol.accessToken });
    s.db.prepare('UPDATE users SET mfa_secret = mfa_pending_secret WHERE id = ?').run(carol.id);
    expect((await post(`/users/${carol.id}/mfa/reset`, admin.accessToken)).body.user.mfaEnabled).toBe(false);
    expect((await post(`/users/${carol.id}/sessions/revoke`, admin.accessToken)).body.user.liveSessions).toBe(0);
    expect((await s.request('GET', '/api/v1/users/me', { token: carol.accessToken })).status).toBe(401);
  });

  it("counts each listed user's live sessions: revoked and expired ones do not count", async () => {
    const [dora, eve] = [await s.signUp('dora'), await s.signUp('eve')];
    const login = async (name: string) => (await s.request('POST', '/api/v1/auth/login', { body: { login: name, password: PASSWORD } })).body;
    await login('dora');
    const laptop = await login('dora');
    const sessionsOf = async () => {
      const items = (await get('/users?q=e', admin.accessToken)).body.items as any[];
      return Object.fromEntries(items.filter((u) => ['dora', 'eve'].includes(u.username)).map((u) => [u.username, u.liveSessions]));
    };
    expect(await sessionsOf()).toEqual({ dora: 3, eve: 1 });
    // End one session, expire another (as time would): one is left.
    const current = (await s.request('GET', '/api/v1/users/me/sessions', { token: laptop.accessToken })).body.items.find((x: any) => x.current).id;
    expect((await s.request('DELETE', `/api/v1/users/me/sessions/${current}`, { token: dora.accessToken })).status).toBe(204);
    s.db.prepare('UPDATE sessions SET expires_at = ? WHERE id = (SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at LIMIT 1)').run(Date.now() - 1, dora.id);
    expect(await sessionsOf()).toEqual({ dora: 1, eve: 1 });
    expect((await post(`/users/${eve.id}/sessions/revoke`, admin.accessToken)).body.user.liveSessions).toBe(0);
    expect(await sessionsOf()).toEqual({ dora: 1, eve: 0 });
  });

  it('answers 404 for unknown users, 400 for malformed ids and self-deactivation', async () => {
    expect((await post('/users/00000000-0000-4000-8000-000000000000/deactivate', admin.accessToken)).status).toBe(404);
    expect((await post('/users/nope/deactivate', admin.accessToken)).status).toBe(400);
    expect((await post(`/users/${admin.id}/deactivate`, admin.accessToken)).status).toBe(400);
  });

  it('records every action in the audit log, CLI grants included', async () => {
    const r = await get('/audit?size=50', admin.accessToken);
    const actions = r.body.items.map((i: any) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.grant', 'user.deactivate', 'user.reactivate', 'user.mfa_reset', 'user.sessions_revoke']));
    expect(r.body.items.find((i: any) => i.action === 'user.deactivate')).toMatchObject({ adminId: admin.id, targetId: bob.id });
  });
});

describe('backup', () => {
  it('takes a consistent copy while the server runs', async () => {
    const file = join(s.dataDir, 'backup.sqlite');
    const { stdout } = await cli('backup', file);
    expect(stdout).toMatch(/backed up \d+ pages/);
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare('SELECT username FROM users ORDER BY username').pluck().all()).toEqual(expect.arrayContaining(['bob', 'carol', 'root']));
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });
});
