import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ rateLimitScale: 1 });
});
afterAll(() => s.stop());

const login = (login: string, password: string, ip: string) =>
  s.request('POST', '/api/v1/auth/login', { body: { login, password }, headers: { 'x-forwarded-for': ip } });

describe('rate limits', () => {
  it('stops password guessing on one account from one address with 429 and Retry-After', async () => {
    await s.signUp('target');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('target', `guess number ${i}`, '1.1.1.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await login('target', PASSWORD, '1.1.1.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
  });

  it('does not lock the victim out: the owner still logs in (the blocked pair is another address)', async () => {
    // Without TRUST_PROXY the forwarded header is ignored, so this test server sees one address;
    // the pair limit is per account and address, and only failures count.
    const other = await startTestServer({ rateLimitScale: 1, trustProxy: true });
    try {
      const v = await other.signUp('victim');
      for (let i = 0; i < 5; i++) await other.request('POST', '/api/v1/auth/login', { body: { login: 'victim', password: `bad guess ${i}` }, headers: { 'x-forwarded-for': '6.6.6.6' } });
      const attacker = await other.request('POST', '/api/v1/auth/login', { body: { login: 'victim', password: PASSWORD }, headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(attacker.status).toBe(429);
      const owner = await other.request('POST', '/api/v1/auth/login', { body: { login: v.username, password: PASSWORD }, headers: { 'x-forwarded-for': '7.7.7.7' } });
      expect(owner.status).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it('limits registrations per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await s.request('POST', '/api/v1/auth/register', { body: { username: `bulk${i}`, email: `bulk${i}@example.com`, password: PASSWORD } });
      statuses.push(r.status);
    }
    // signUp('target') above used one registration.
    expect(statuses.filter((x) => x === 201)).toHaveLength(9);
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits MFA code guessing per account', async () => {
    const t = await startTestServer({ rateLimitScale: 1 });
    try {
      const u = await t.signUp('mfaguess');
      await t.request('POST', '/api/v1/users/me/mfa/setup', { token: u.accessToken });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await t.request('POST', '/api/v1/users/me/mfa/enable', { token: u.accessToken, body: { code: '000000' } })).status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    } finally {
      await t.stop();
    }
  });
});
