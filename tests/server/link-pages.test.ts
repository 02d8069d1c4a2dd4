import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, type TestServer } from '../helpers/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.stop());

describe('mail link pages', () => {
  it('opening a verification link does not use the token (scanners prefetch links)', async () => {
    await s.request('POST', '/api/v1/auth/register', { body: { username: 'linker', email: 'linker@example.com', password: PASSWORD } });
    const [mail] = await s.mails('linker@example.com');
    const link = /(http:\/\/\S+token=[\w-]+)/.exec(mail!.text)![1]!;
    const path = new URL(link).pathname + new URL(link).search;
    const page = await s.request('GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('/api/v1/auth/verify-email');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const token = new URL(link).searchParams.get('token');
    expect((await s.request('POST', '/api/v1/auth/verify-email', { body: { token } })).status).toBe(200);
  });

  it('serves the reset page and its script', async () => {
    expect((await s.request('GET', '/reset-password?token=abc')).body).toContain('/api/v1/auth/password-reset/confirm');
    const js = await s.request('GET', '/link-pages.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });
});
