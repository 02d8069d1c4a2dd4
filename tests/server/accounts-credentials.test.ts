import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const NEW_PASSWORD = 'a brand new passphrase';
const me = (token: string) => s.request('GET', '/api/v1/users/me', { token });
const login = (login: string, password: string) => s.request('POST', '/api/v1/auth/login', { body: { login, password } });

describe('password change', () => {
  it('needs the current password and ends every other session', async () => {
    const u = await s.signUp('changer');
    const other = await login('changer', PASSWORD);
    const wrong = await s.request('POST', '/api/v1/users/me/password', { token: u.accessToken, body: { currentPassword: 'nope nope', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(403);
    const weak = await s.request('POST', '/api/v1/users/me/password', { token: u.accessToken, body: { currentPassword: PASSWORD, newPassword: 'password1' } });
    expect(weak.status).toBe(400);
    const long = await s.request('POST', '/api/v1/users/me/password', { token: u.accessToken, body: { currentPassword: PASSWORD, newPassword: 'x'.repeat(73) } });
    expect(long.status).toBe(400);
    const ok = await s.request('POST', '/api/v1/users/me/password', { token: u.accessToken, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(ok.status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(200);
    expect((await me(other.body.accessToken)).status).toBe(401);
    expect((await login('changer', PASSWORD)).status).toBe(401);
    expect((await login('changer', NEW_PASSWORD)).status).toBe(200);
    const notices = await s.mails(u.email, 3);
    expect(notices.some((m) => /password/i.test(m.subject))).toBe(true);
  });
});

describe('password reset', () => {
  it('mails a single-use link that sets a new password and ends all sessions', async () => {
    const u = await s.signUp('forgetful');
    const r = await s.request('POST', '/api/v1/auth/password-reset', { body: { email: 'FORGETFUL@example.com' } });
    expect(r.status).toBe(202);
    const token = await s.mailToken(u.email, /reset/i);
    const weak = await s.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: '12345678' } });
    expect(weak.status).toBe(400);
    const ok = await s.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
    expect(ok.status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(401);
    expect((await login('forgetful', NEW_PASSWORD)).status).toBe(200);
    const reuse = await s.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: 'yet another passphrase' } });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.code).toBe('invalid_token');
  });

  it('expires after an hour', async () => {
    const u = await s.signUp('slowpoke');
    await s.request('POST', '/api/v1/auth/password-reset', { body: { email: u.email } });
    const token = await s.mailToken(u.email, /reset/i);
    const row = s.db.prepare("SELECT created_at, expires_at FROM one_time_tokens WHERE purpose = 'reset_password' ORDER BY created_at DESC").get() as { created_at: number; expires_at: number };
    expect(row.expires_at - row.created_at).toBe(3600_000);
    s.db.prepare("UPDATE one_time_tokens SET expires_at = ? WHERE purpose = 'reset_password'").run(Date.now() - 1);
    expect((await s.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(400);
  });

  it('answers the same for unknown addresses and sends nothing', async () => {
    const r = await s.request('POST', '/api/v1/auth/password-reset', { body: { email: 'ghost@example.com' } });
    expect(r.status).toBe(202);
    expect(await s.mails('ghost@example.com', 0)).toHaveLength(0);
  });

  it('cannot use a verification token as a reset token', async () => {
    await s.request('POST', '/api/v1/auth/register', { body: { username: 'mixer', email: 'mixer@example.com', password: PASSWORD } });
    const token = await s.mailToken('mixer@example.com', /verify/i);
    expect((await s.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(400);
  });
});

describe('email change', () => {
  it('confirms the new address by mail, then switches and notifies the old one', async () => {
    const u = await s.signUp('mover');
    const wrongPw = await s.request('POST', '/api/v1/users/me/email', { token: u.accessToken, body: { email: 'moved@example.com', password: 'wrong wrong' } });
    expect(wrongPw.status).toBe(403);
    const r = await s.request('POST', '/api/v1/users/me/email', { token: u.accessToken, body: { email: 'moved@example.com', password: PASSWORD } });
    expect(r.status).toBe(202);
    expect((await me(u.accessToken)).body.user.email).toBe(u.email);
    const token = await s.mailToken('moved@example.com', /confirm|change/i);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token } })).status).toBe(200);
    const after = await me(u.accessToken);
    expect(after.body.user).toMatchObject({ email: 'moved@example.com', emailVerified: true });
    const old = await s.mails(u.email, 2);
    expect(old.some((m) => m.text.includes('moved@example.com'))).toBe(true);
    expect((await login('moved@example.com', PASSWORD)).status).toBe(200);
  });

  it('refuses an address someone else has, and invalid ones', async () => {
    const a = await s.signUp('holder');
    const b = await s.signUp('wanter');
    const r = await s.request('POST', '/api/v1/users/me/email', { token: b.accessToken, body: { email: a.email.toUpperCase(), password: PASSWORD } });
    expect(r.status).toBe(409);
    const bad = await s.request('POST', '/api/v1/users/me/email', { token: b.accessToken, body: { email: 'nope', password: PASSWORD } });
    expect(bad.status).toBe(400);
  });
});

describe('profile, search and deactivation', () => {
  it('reads and updates the profile', async () => {
    const u = await s.signUp('profiled');
    const r = await s.request('PATCH', '/api/v1/users/me', { token: u.accessToken, body: { displayName: '  Pro Filed ', bio: 'Hi there' } });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ displayName: 'Pro Filed', bio: 'Hi there', username: 'profiled' });
    const cleared = await s.request('PATCH', '/api/v1/users/me', { token: u.accessToken, body: { bio: null } });
    expect(cleared.body.user).toMatchObject({ displayName: 'Pro Filed', bio: null });
    for (const body of [{}, { displayName: '' }, { displayName: 'x'.repeat(65) }, { bio: 5 }, { username: 'newname' }]) {
      expect((await s.request('PATCH', '/api/v1/users/me', { token: u.accessToken, body })).status).toBe(400);
    }
    const viewer = await s.signUp('viewer');
    const pub = await s.request('GET', `/api/v1/users/${u.id}`, { token: viewer.accessToken });
    expect(pub.status).toBe(200);
    expect(pub.body.user).toMatchObject({ id: u.id, username: 'profiled', displayName: 'Pro Filed' });
    expect(pub.body.user).not.toHaveProperty('email');
    expect((await s.request('GET', '/api/v1/users/00000000-0000-4000-8000-000000000000', { token: viewer.accessToken })).status).toBe(404);
    expect((await s.request('GET', '/api/v1/users/123', { token: viewer.accessToken })).status).toBe(400);
  });

  it('searches with pagination, excluding oneself', async () => {
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await s.signUp(`finder${i}`));
    const me0 = users[0]!;
    const p1 = await s.request('GET', '/api/v1/users/search?q=FINDER&page=1&size=3', { token: me0.accessToken });
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ total: 4, page: 1, size: 3, pages: 2 });
    expect(p1.body.items).toHaveLength(3);
    const p2 = await s.request('GET', '/api/v1/users/search?q=finder&page=2&size=3', { token: me0.accessToken });
    expect(p2.body.items).toHaveLength(1);
    const all = [...p1.body.items, ...p2.body.items].map((u: any) => u.username);
    expect(all).not.toContain('finder0');
    expect(new Set(all).size).toBe(4);
    const wild = await s.request('GET', '/api/v1/users/search?q=%25', { token: me0.accessToken });
    expect(wild.body.total).toBe(0);
    for (const q of ['', 'q=&page=0', 'q=x&size=1000', 'q=x&page=abc']) {
      expect((await s.request('GET', `/api/v1/users/search?${q}`, { token: me0.accessToken })).status).toBe(400);
    }
  });

  it('deactivation needs the password, ends sessions, hides the user and blocks login', async () => {
    const u = await s.signUp('leaver');
    const seeker = await s.signUp('seeker');
    expect((await s.request('DELETE', '/api/v1/users/me', { token: u.accessToken, body: { password: 'wrong pass' } })).status).toBe(403);
    expect((await s.request('DELETE', '/api/v1/users/me', { token: u.accessToken })).status).toBe(400);
    expect((await s.request('DELETE', '/api/v1/users/me', { token: u.accessToken, body: { password: PASSWORD } })).status).toBe(204);
    expect((await me(u.accessToken)).status).toBe(401);
    const r = await login('leaver', PASSWORD);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('account_deactivated');
    const found = await s.request('GET', '/api/v1/users/search?q=leaver', { token: seeker.accessToken });
    expect(found.body.total).toBe(0);
    expect((await s.request('GET', `/api/v1/users/${u.id}`, { token: seeker.accessToken })).status).toBe(404);
    // Data is kept: a soft delete.
    expect(s.db.prepare('SELECT deactivated_at FROM users WHERE id = ?').pluck().get(u.id)).toBeTypeOf('number');
  });
});
