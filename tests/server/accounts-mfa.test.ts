import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

let s: TestServer;
let u: TestUser;
let totp: TOTP;
let recoveryCodes: string[];
beforeAll(async () => {
  s = await startTestServer();
  u = await s.signUp('twofactor');
});
afterAll(() => s.stop());

/** The code of the step `offset` steps from now. */
const codeAt = (offset: number) => totp.generate({ timestamp: Date.now() + offset * 30_000 });
const login = (code?: string) => s.request('POST', '/api/v1/auth/login', { body: { login: 'twofactor', password: PASSWORD, ...(code ? { code } : {}) } });
const post = (path: string, body?: unknown, token = u.accessToken) => s.request('POST', `/api/v1/users/me/mfa/${path}`, { token, ...(body ? { body } : {}) });

describe('TOTP', () => {
  it('setup returns a secret and an otpauth URI, and changes nothing yet', async () => {
    const r = await post('setup');
    expect(r.status).toBe(200);
    expect(r.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Parley:twofactor\?.*secret=/);
    totp = new TOTP({ secret: Secret.fromBase32(r.body.secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect((await login()).status).toBe(200);
  });

  it('enabling needs a valid code and returns ten recovery codes', async () => {
    expect((await post('enable', { code: '000000' })).body.error.code).toBe('invalid_mfa_code');
    expect((await post('enable', { code: codeAt(5) })).status).toBe(400);
    expect((await post('enable', {})).status).toBe(400);
    const r = await post('enable', { code: codeAt(0) });
    expect(r.status).toBe(200);
    recoveryCodes = r.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = s.db.prepare('SELECT code_hash FROM mfa_recovery_codes').pluck().all() as string[];
    expect(stored.some((h) => recoveryCodes.includes(h))).toBe(false);
    expect((await s.request('GET', '/api/v1/users/me', { token: u.accessToken })).body.user.mfaEnabled).toBe(true);
    expect((await post('setup')).status).toBe(409);
  });

  it('login then needs a code; each code works once (replays refused)', async () => {
    const none = await login();
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('mfa_required');
    expect((await login('123456')).body.error.code).toBe('invalid_mfa_code');
    // The step used to enable is spent; the next step is within tolerance.
    const next = codeAt(1);
    expect((await login(next)).status).toBe(200);
    const replay = await login(next);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('invalid_mfa_code');
    // More than one step away is outside the tolerance.
    expect((await login(codeAt(3))).status).toBe(401);
  });

  it('recovery codes work once each', async () => {
    const code = recoveryCodes[0]!;
    expect((await login(code.toUpperCase())).status).toBe(200);
    expect((await login(code)).status).toBe(401);
    expect((await login(recoveryCodes[1]!.replace('-', ''))).status).toBe(200);
  });

  it('disabling needs the password and a code', async () => {
    expect((await post('disable', { password: 'wrong password', code: recoveryCodes[2] })).status).toBe(403);
    expect((await post('disable', { password: PASSWORD, code: '999999' })).status).toBe(400);
    expect((await post('disable', { password: PASSWORD })).status).toBe(400);
    expect((await post('disable', { password: PASSWORD, code: recoveryCodes[2] })).status).toBe(204);
    expect((await login()).status).toBe(200);
    expect(s.db.prepare('SELECT count(*) FROM mfa_recovery_codes').pluck().get()).toBe(0);
    expect((await post('disable', { password: PASSWORD, code: '123456' })).status).toBe(400);
  });
});
