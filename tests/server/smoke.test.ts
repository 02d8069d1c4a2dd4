import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('smoke', () => {
  it('health', async () => {
    const r = await s.request('GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });
  it('sign up', async () => {
    const u = await s.signUp('alice');
    const me = await s.request('GET', '/api/v1/users/me', { token: u.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('alice');
  });
});
