import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from '../../server/logger.js';

/** A real pino logger from createLogger, writing its JSON lines into memory. */
function capture(level = 'info') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger(level, stream);
  return { log, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

const SECRETS = ['hunter2-password', 'tok-123', 'refresh-456', '654321', 'Bearer eyJ.abc.def', 'sess=cookie', 'JBSWY3DPEHPK3PXP'];

function expectNoSecrets(lines: string[]): void {
  for (const line of lines) for (const secret of SECRETS) expect(line, line).not.toContain(secret);
}

describe('redactUrl', () => {
  it('hides every query value and keeps the path and the parameter names', () => {
    expect(redactUrl('/sync/room?token=abc&x=1')).toBe('/sync/room?token=[redacted]&x=[redacted]');
    expect(redactUrl('/sync/room?token=abc&x=1')).not.toMatch(/abc|=1/);
  });

  it('leaves a URL without a query alone', () => {
    expect(redactUrl('/api/v1/users/me')).toBe('/api/v1/users/me');
    expect(redactUrl('/')).toBe('/');
  });

  it('handles encoded, repeated, empty and odd queries without leaking values', () => {
    for (const url of [
      '/sync/abc?token=eyJhbGciOiJIUzI1NiJ9.e30.sig%3D%3D',
      '/sync/abc?token=one&token=two',
      '/sync/abc?token=',
      '/sync/abc?&&token=secretvalue&',
      '/sync/abc?token=secretvalue#fragment',
      '/api/v1/auth/verify?token=secretvalue%ZZ',
    ]) {
      const out = redactUrl(url);
      expect(out.startsWith(url.slice(0, url.indexOf('?')))).toBe(true);
      for (const value of ['eyJ', 'one', 'two', 'secretvalue', 'fragment']) expect(out, url).not.toContain(value);
    }
    expect(redactUrl('/x?')).toBe('/x?');
  });

  it('does not log a credential sent as a bare parameter name', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    const out = redactUrl(`/sync/room?${jwt}`);
    expect(out.startsWith('/sync/room?')).toBe(true);
    expect(out).not.toContain('eyJ');
  });
});

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const { log, records } = capture('warn');
    log.info('quiet');
    log.warn({ n: 1 }, 'loud');
    expect(records()).toEqual([expect.objectContaining({ msg: 'loud', n: 1, service: 'parley' })]);
  });

  it('redacts credentials at the top level', () => {
    const { log, lines, records } = capture();
    log.info(
      { password: 'hunter2-password', token: 'tok-123', refreshToken: 'refresh-456', secret: 'JBSWY3DPEHPK3PXP', userId: 'u1' },
      'top',
    );
    expectNoSecrets(lines);
    expect(records()[0]).toMatchObject({ password: '[redacted]', token: '[redacted]', refreshToken: '[redacted]', userId: 'u1' });
  });

  it('keeps error codes readable while hiding TOTP codes in bodies', () => {
    const { log, records } = capture();
    const err = Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' });
    log.error({ err, body: { code: '654321' } }, 'failed');
    expect(records()[0]).toMatchObject({ err: { code: 'SQLITE_BUSY' }, body: { code: '[redacted]' } });
  });

  it('redacts credentials in nested objects', () => {
    const { log, lines, records } = capture();
    log.info({ body: { login: 'alice', password: 'hunter2-password', code: '654321' }, tokens: { refreshToken: 'refresh-456', accessToken: 'tok-123' } }, 'one level');
    log.info({ ctx: { request: { body: { password: 'hunter2-password', newPassword: 'hunter2-password', token: 'tok-123' } } } }, 'deeper');
    log.info({ req: { method: 'GET', headers: { authorization: 'Bearer eyJ.abc.def', cookie: 'sess=cookie', 'user-agent': 'vitest' } } }, 'request');
    log.info({ headers: { authorization: 'Bearer eyJ.abc.def' } }, 'headers');
    log.info({ upstream: { request: { headers: { Authorization: 'Bearer eyJ.abc.def' } } } }, 'outgoing');
    log.info({ mfa: { recoveryCodes: ['654321'], secret: 'JBSWY3DPEHPK3PXP' } }, 'mfa');
    expectNoSecrets(lines);
    const [one, deeper, request] = records();
    expect(one?.body).toEqual({ login: 'alice', password: '[redacted]', code: '[redacted]' });
    expect(deeper?.ctx.request.body.password).toBe('[redacted]');
    expect(request?.req.headers['user-agent']).toBe('vitest');
    expect(request?.req.method).toBe('GET');
  });

  it('redacts in child loggers and does not change the logged objects', () => {
    const { log, lines } = capture();
    const child = log.child({ requestId: 'r1' });
    const body = { password: 'hunter2-password', nested: { token: 'tok-123' } };
    child.info({ body }, 'child');
    expectNoSecrets(lines);
    expect(JSON.parse(lines[0] as string).requestId).toBe('r1');
    expect(body).toEqual({ password: 'hunter2-password', nested: { token: 'tok-123' } });
  });

  it('keeps error messages and stacks for the operator', () => {
    const { log, records } = capture();
    log.error({ err: new Error('disk full') }, 'request failed');
    const [record] = records();
    expect(record?.err.message).toBe('disk full');
    expect(record?.err.stack).toContain('disk full');
  });
});
