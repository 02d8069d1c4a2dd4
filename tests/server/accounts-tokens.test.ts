import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

let s: TestServer;
let alice: TestUser;
beforeAll(async () => {
  s = await startTestServer();
  alice = await s.signUp('alice');
});
afterAll(() => s.stop());

const me = (token: string) => s.request('GET', '/api/v1/users/me', { token });
const login = (body: unknown, headers: Record<string, string> = {}) => s.request('POST', '/api/v1/auth/login', { body, headers });

describe('login', () => {
  it('works with username or email and returns tokens and the user', async () => {
    for (const id of ['alice', 'ALICE', 'alice@example.com', 'Alice@Example.COM']) {
      const r = await login({ login: id, password: PASSWORD });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ user: { username: 'alice' }, expiresIn: 900 });
      expect(typeof r.body.accessToken).toBe('string');
      expect(typeof r.body.refreshToken).toBe('string');
    }
  });

  it('answers unknown users and wrong passwords identically', async () => {
    const wrong = await login({ login: 'alice', password: 'not the password' });
    const unknown = await login({ login: 'nobody-here', password: 'not the password' });
    const unknownEmail = await login({ login: 'nobody@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknownEmail.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
  });

  it('treats SQL-shaped logins as plain text', async () => {
    const r = await login({ login: "' OR '1'='1", password: "' OR '1'='1" });
    expect(r.status).toBe(401);
    expect((s.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBeGreaterThan(0);
  });

  it('refuses bad shapes with 400', async () => {
    expect((await login({ login: 'alice' })).status).toBe(400);
    expect((await login({ login: 'alice', password: 1 })).status).toBe(400);
    expect((await login({ login: 'alice', password: PASSWORD, extra: 1 })).status).toBe(400);
  });
});

describe('access tokens', () => {
  const secret = () => s.config.jwtSecret;
  const claims = () => jwt.decode(alice.accessToken) as jwt.JwtPayload;

  it('carry subject, session id and token id, and expire', () => {
    const c = claims();
    expect(c.sub).toBe(alice.id);
    expect(typeof c.sid).toBe('string');
    expect(typeof c.jti).toBe('string');
    expect(c.exp! - c.iat!).toBe(900);
    expect(c.iss).toBe('parley');
    expect(c.aud).toBe('parley-api');
  });

  it('refuses a missing or malformed Authorization header', async () => {
    expect((await s.request('GET', '/api/v1/users/me')).status).toBe(401);
    const r = await s.request('GET', '/api/v1/users/me', { headers: { authorization: 'Basic abc' } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_token');
  });

  it('refuses alg:none tokens', async () => {
    const { iat: _i, exp: _e, ...rest } = claims();
    const none = jwt.sign({ ...rest }, '', { algorithm: 'none', expiresIn: 600 });
    expect((await me(none)).status).toBe(401);
  });

  it('refuses tampered, foreign-key and other-algorithm tokens', async () => {
    const [h, p, sig] = alice.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '00000000-0000-4000-8000-000000000000' })).toString('base64url')}.${sig}`;
    expect((await me(tampered)).status).toBe(401);
    const { iat: _i, exp: _e, ...rest } = claims();
    expect((await me(jwt.sign(rest, 'another-secret-another-secret-123', { algorithm: 'HS256', expiresIn: 600 }))).status).toBe(401);
    expect((await me(jwt.sign(rest, secret(), { algorithm: 'HS512', expiresIn: 600 }))).status).toBe(401);
    expect((await me(jwt.sign({ ...rest, iss: 'evil' }, secret(), { algorithm: 'HS256', expiresIn: 600 }))).status).toBe(401);
    expect((await me(jwt.sign({ ...rest, aud: 'other' }, secret(), { algorithm: 'HS256', expiresIn: 600 }))).status).toBe(401);
  });

  it('refuses tokens without exp and expired tokens', async () => {
    const { iat: _i, exp: _e, ...rest } = claims();
    expect((await me(jwt.sign(rest, secret(), { algorithm: 'HS256' }))).status).toBe(401);
    const expired = jwt.sign({ ...rest, exp: Math.floor(Date.now() / 1000) - 10 }, secret(), { algorithm: 'HS256' });
    const r = await me(expired);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_expired');
  });
});

describe('refresh, sessions and logout', () => {
  it('rotates refresh tokens; reusing a rotated one ends the session', async () => {
    const u = await login({ login: 'alice', password: PASSWORD });
    const r1 = await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: u.body.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(u.body.refreshToken);
    expect((await me(r1.body.accessToken)).status).toBe(200);
    const reuse = await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: u.body.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('refresh_token_reused');
    // The whole session is gone: its newest tokens too.
    expect((await me(r1.body.accessToken)).status).toBe(401);
    expect((await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: r1.body.refreshToken } })).status).toBe(401);
    // Other sessions are untouched.
    expect((await me(alice.accessToken)).status).toBe(200);
  });

  it('refuses unknown or malformed refresh tokens', async () => {
    expect((await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'y'.repeat(43) } })).status).toBe(401);
    expect((await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 5 } })).status).toBe(400);
  });

  it('lists own sessions and revokes one', async () => {
    const other = await login({ login: 'alice', password: PASSWORD }, { 'user-agent': 'second-device' });
    const list = await s.request('GET', '/api/v1/users/me/sessions', { token: alice.accessToken });
    expect(list.status).toBe(200);
    const second = list.body.items.find((i: any) => i.userAgent === 'second-device');
    expect(second).toBeTruthy();
    expect(list.body.items.filter((i: any) => i.current)).toHaveLength(1);
    const del = await s.request('DELETE', `/api/v1/users/me/sessions/${second.id}`, { token: alice.accessToken });
    expect(del.status).toBe(204);
    expect((await me(other.body.accessToken)).status).toBe(401);
    expect((await s.request('DELETE', `/api/v1/users/me/sessions/${second.id}`, { token: alice.accessToken })).status).toBe(404);
    expect((await s.request('DELETE', '/api/v1/users/me/sessions/not-a-uuid', { token: alice.accessToken })).status).toBe(400);
  });

  it("cannot revoke someone else's session", async () => {
    const bob = await s.signUp('bob');
    const bobSid = (jwt.decode(bob.accessToken) as jwt.JwtPayload).sid as string;
    expect((await s.request('DELETE', `/api/v1/users/me/sessions/${bobSid}`, { token: alice.accessToken })).status).toBe(404);
    expect((await me(bob.accessToken)).status).toBe(200);
  });

  it('logout ends the session: access and refresh tokens stop working', async () => {
    const u = await login({ login: 'alice', password: PASSWORD });
    const revoked: unknown[] = [];
    const off = s.events.on('sessions.revoked', (e) => revoked.push(e));
    expect((await s.request('POST', '/api/v1/auth/logout', { token: u.body.accessToken })).status).toBe(204);
    off();
    const after = await me(u.body.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('session_revoked');
    expect((await s.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: u.body.refreshToken } })).status).toBe(401);
    expect(revoked).toHaveLength(1);
  });
});
