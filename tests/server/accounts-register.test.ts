import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

const register = (body: unknown) => s.request('POST', '/api/v1/auth/register', { body });
const userCount = () => (s.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;

describe('POST /auth/register', () => {
  it('creates an unverified user and mails a token', async () => {
    const r = await register({ username: 'Reg.User_1', email: 'Reg.User@Example.com', password: PASSWORD });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: 'reg.user_1', email: 'Reg.User@Example.com', emailVerified: false });
    expect(r.body.user).not.toHaveProperty('passwordHash');
    const [mail] = await s.mails('Reg.User@Example.com');
    expect(mail?.text).toMatch(/token=[\w-]{40,}/);
    expect(mail?.html).toContain('token=');
  });

  it('stores the token hashed, never in clear', async () => {
    const token = await s.mailToken('reg.user@example.com', /verify/i);
    const rows = s.db.prepare('SELECT token_hash FROM one_time_tokens').pluck().all() as string[];
    expect(rows).not.toContain(token);
    expect(rows.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it('refuses duplicate usernames and emails case-insensitively with 409', async () => {
    const before = userCount();
    const u = await register({ username: 'REG.USER_1', email: 'other@example.com', password: PASSWORD });
    expect(u.status).toBe(409);
    expect(u.body.error.code).toBe('username_taken');
    const e = await register({ username: 'someone', email: 'reg.user@EXAMPLE.com', password: PASSWORD });
    expect(e.status).toBe(409);
    expect(e.body.error.code).toBe('email_taken');
    expect(userCount()).toBe(before);
  });

  it('settles concurrent registrations of one name with exactly one account', async () => {
    const replies = await Promise.all(
      [1, 2, 3].map((i) => register({ username: 'racer', email: `racer${i}@example.com`, password: PASSWORD })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  const bad: [string, unknown][] = [
    ['too short username', { username: 'ab', email: 'a@example.com', password: PASSWORD }],
    ['too long username', { username: 'a'.repeat(33), email: 'a@example.com', password: PASSWORD }],
    ['emoji username', { username: 'smile😀', email: 'a@example.com', password: PASSWORD }],
    ['space in username', { username: 'two words', email: 'a@example.com', password: PASSWORD }],
    ['SQL-shaped username', { username: "x' OR 1=1 --", email: 'a@example.com', password: PASSWORD }],
    ['invalid email', { username: 'valid', email: 'not-an-email', password: PASSWORD }],
    ['email with spaces', { username: 'valid', email: 'a b@example.com', password: PASSWORD }],
    ['short password', { username: 'valid', email: 'a@example.com', password: 'short' }],
    ['73-byte password', { username: 'valid', email: 'a@example.com', password: 'é'.repeat(36) + 'x' }],
    ['wrong types', { username: 42, email: true, password: ['x'] }],
    ['missing fields', { username: 'valid' }],
    ['unknown field', { username: 'valid', email: 'a@example.com', password: PASSWORD, admin: true }],
    ['array body', [1, 2]],
  ];
  for (const [name, body] of bad) {
    it(`answers 400 for ${name}`, async () => {
      const before = userCount();
      const r = await register(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toMatch(/validation_failed|malformed_json|bad_request/);
      expect(typeof r.body.error.message).toBe('string');
      expect(userCount()).toBe(before);
    });
  }

  it('accepts a password of exactly 72 bytes and refuses 73', async () => {
    const ok = await register({ username: 'bytes72', email: 'b72@example.com', password: 'é'.repeat(35) + 'xy' });
    expect(ok.status).toBe(201);
  });

  it('refuses common passwords and passwords made of the username', async () => {
    for (const password of ['password123', 'qwertyuiop', 'Password1']) {
      const r = await register({ username: 'commonpw', email: 'c@example.com', password });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('weak_password');
    }
    const r = await register({ username: 'mynameis', email: 'c@example.com', password: 'mynameis2024!' });
    expect(r.body.error.code).toBe('weak_password');
  });
});

describe('email verification', () => {
  it('refuses login until verified, then accepts it', async () => {
    await register({ username: 'verifyme', email: 'verifyme@example.com', password: PASSWORD });
    const early = await s.request('POST', '/api/v1/auth/login', { body: { login: 'verifyme', password: PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('email_not_verified');
    const token = await s.mailToken('verifyme@example.com', /verify/i);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token } })).status).toBe(200);
    const later = await s.request('POST', '/api/v1/auth/login', { body: { login: 'verifyme@EXAMPLE.com', password: PASSWORD } });
    expect(later.status).toBe(200);
    expect(later.body.user.emailVerified).toBe(true);
    const welcome = await s.mails('verifyme@example.com', 2);
    expect(welcome.some((m) => /welcome/i.test(m.subject))).toBe(true);
  });

  it('refuses a reused token', async () => {
    await register({ username: 'reuse', email: 'reuse@example.com', password: PASSWORD });
    const token = await s.mailToken('reuse@example.com', /verify/i);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token } })).status).toBe(200);
    const again = await s.request('POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
  });

  it('refuses an expired token', async () => {
    await register({ username: 'expired', email: 'expired@example.com', password: PASSWORD });
    const token = await s.mailToken('expired@example.com', /verify/i);
    s.db.prepare("UPDATE one_time_tokens SET expires_at = ? WHERE purpose = 'verify_email'").run(Date.now() - 1);
    const r = await s.request('POST', '/api/v1/auth/verify-email', { body: { token } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_token');
  });

  it('refuses unknown and malformed tokens', async () => {
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token: 'x'.repeat(43) } })).status).toBe(400);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token: 12 } })).status).toBe(400);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: {} })).status).toBe(400);
  });

  it('resends a fresh link that supersedes the old one, and answers alike for unknown addresses', async () => {
    await register({ username: 'resend', email: 'resend@example.com', password: PASSWORD });
    const first = await s.mailToken('resend@example.com', /verify/i);
    const r = await s.request('POST', '/api/v1/auth/verify-email/resend', { body: { email: 'resend@example.com' } });
    expect(r.status).toBe(202);
    const second = await s.mailToken('resend@example.com', /verify/i, 2);
    expect(second).not.toBe(first);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token: first } })).status).toBe(400);
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token: second } })).status).toBe(200);
    const unknown = await s.request('POST', '/api/v1/auth/verify-email/resend', { body: { email: 'nobody@example.com' } });
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(r.body);
  });
});

describe('REQUIRE_EMAIL_VERIFICATION=false', () => {
  it('lets unverified users log in', async () => {
    const open = await startTestServer({}, { REQUIRE_EMAIL_VERIFICATION: 'false' });
    try {
      await open.request('POST', '/api/v1/auth/register', { body: { username: 'openuser', email: 'o@example.com', password: PASSWORD } });
      const r = await open.request('POST', '/api/v1/auth/login', { body: { login: 'openuser', password: PASSWORD } });
      expect(r.status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
