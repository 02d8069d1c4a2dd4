import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Reply, type RequestOptions, type TestServer, type TestUser } from '../helpers/server.js';
import { image, sendFile } from '../helpers/uploads.js';

const LIMIT = 2048;
const JSON_CT = { 'content-type': 'application/json' };

let s: TestServer;
let alice: TestUser;
let bob: TestUser;
/** Every answer this file received, to check at the end that none leaks internals. */
const seen: { what: string; text: string }[] = [];

async function call(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const reply = await s.request(method, path, options);
  seen.push({ what: `${method} ${path} → ${reply.status}`, text: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? '') });
  return reply;
}

/** The contract: exactly `{error: {code, message, details?}}`, as JSON. */
function expectError(reply: Reply, status: number, code?: string | RegExp): void {
  expect(reply.status, JSON.stringify(reply.body)).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(reply.body)).toEqual(['error']);
  const { error } = reply.body;
  expect(Object.keys(error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  expect(error.code).toMatch(/^[a-z_]+$/);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  if (typeof code === 'string') expect(error.code).toBe(code);
  else if (code) expect(error.code).toMatch(code);
}

/** The validation details name `field` (a dotted path; '' for the object itself). */
function detailPaths(reply: Reply): string[] {
  expect(Array.isArray(reply.body.error.details)).toBe(true);
  return (reply.body.error.details as { path: string; message: string }[]).map((d) => d.path);
}

/** A request through node:http, for what fetch will not send (chunked bodies without a length). */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: (string | Buffer)[],
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${s.url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        seen.push({ what: `${method} ${path} → ${res.statusCode}`, text });
        resolve({ status: res.statusCode ?? 0, text, headers: res.headers });
      });
    });
    // The server may answer 413 and close before the whole body is written.
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

beforeAll(async () => {
  s = await startTestServer({ bodyLimitBytes: LIMIT });
  alice = await s.signUp('alice');
  bob = await s.signUp('bob');
});
afterAll(() => s?.stop());

describe('routing', () => {
  it('GET /api/v1/health answers 200 {status: "ok"}', async () => {
    const r = await call('GET', '/api/v1/health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body.status).toBe('ok');
  });

  it('an unknown route is a 404 not_found', async () => {
    expectError(await call('GET', '/api/v1/no-such-thing'), 404, 'not_found');
    expectError(await call('POST', '/api/v1/no-such-thing', { body: {} }), 404, 'not_found');
    expectError(await call('GET', '/no-such-thing'), 404, 'not_found');
    expectError(await call('GET', '/api/v2/health'), 404, 'not_found');
  });

  it('a known path with the wrong method is a 405 that lists the allowed ones', async () => {
    const r = await call('GET', '/api/v1/auth/login');
    expectError(r, 405);
    expect(r.headers.get('allow')).toMatch(/POST/);
    expectError(await call('PUT', '/api/v1/health', { body: {} }), 405);
    expectError(await call('DELETE', '/api/v1/auth/register'), 405);
  });

  it('a method the server does not know at all is a 405 on a known path and a 404 elsewhere, never a 5xx', async () => {
    for (const method of ['PROPFIND', 'TRACE', 'MKCOL']) {
      const known = await rawRequest(method, '/api/v1/health', {}, []);
      expect(known.status, method).toBe(405);
      expect(known.headers['allow']).toMatch(/GET/);
      expect(JSON.parse(known.text)).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
      const unknown = await rawRequest(method, '/api/v1/no-such-thing', {}, []);
      expect(unknown.status, method).toBe(404);
      expect(JSON.parse(unknown.text)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });
});

describe('request bodies', () => {
  it('malformed JSON is a 400 malformed_json', async () => {
    for (const raw of ['{"login":', '{login: "alice"}', "{'a': 1}", '{"a":1,}', '\u0000']) {
      expectError(await call('POST', '/api/v1/auth/login', { raw, headers: JSON_CT }), 400, 'malformed_json');
    }
  });

  it('JSON that is not an object is a 400', async () => {
    for (const raw of ['"x"', '[1]', '[]', '42', 'null', 'true']) {
      const r = await call('POST', '/api/v1/auth/login', { raw, headers: JSON_CT });
      expectError(r, 400, /^(malformed_json|validation_failed)$/);
    }
  });

  it('a JSON body carrying __proto__ is refused with a 400', async () => {
    const raw = '{"__proto__": {"isAdmin": true}, "login": "alice", "password": "x"}';
    expectError(await call('POST', '/api/v1/auth/login', { raw, headers: JSON_CT }), 400);
  });

  it('another content type on a JSON route is a 415', async () => {
    const cases: [string, string][] = [
      ['text/plain', '{"login":"alice","password":"x"}'],
      ['application/x-www-form-urlencoded', 'login=alice&password=x'],
      ['multipart/form-data; boundary=XyZ', '--XyZ\r\nContent-Disposition: form-data; name="login"\r\n\r\nalice\r\n--XyZ--\r\n'],
      ['application/xml', '<login>alice</login>'],
    ];
    for (const [type, raw] of cases) {
      expectError(await call('POST', '/api/v1/auth/login', { raw, headers: { 'content-type': type } }), 415, 'unsupported_media_type');
    }
  });

  it('application/json with a charset parameter is accepted', async () => {
    const r = await call('POST', '/api/v1/auth/login', {
      raw: JSON.stringify({ login: 'alice', password: 'wrong password' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expectError(r, 401, 'invalid_credentials');
  });

  it('a body over the limit is a 413 payload_too_large; one under it is read', async () => {
    const big = { login: 'a'.repeat(LIMIT + 100), password: 'x' };
    expectError(await call('POST', '/api/v1/auth/login', { body: big }), 413, 'payload_too_large');
    const small = { login: 'a'.repeat(200), password: 'wrong password' };
    expectError(await call('POST', '/api/v1/auth/login', { body: small }), 401, 'invalid_credentials');
  });

  it('a chunked body without a length is cut off at the limit with a 413', async () => {
    const chunk = '"' + 'a'.repeat(500) + '",';
    const chunks = ['{"filler":[', ...Array.from({ length: 10 }, () => chunk), '"end"]}'];
    const r = await rawRequest('POST', '/api/v1/auth/login', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
  });

  it('a gzip body that inflates past the limit is a 413', async () => {
    const bomb = gzipSync(JSON.stringify({ login: 'a'.repeat(100_000), password: 'x' }));
    expect(bomb.length).toBeLessThan(LIMIT);
    const r = await call('POST', '/api/v1/auth/login', { raw: bomb, headers: { ...JSON_CT, 'content-encoding': 'gzip' } });
    expectError(r, 413, 'payload_too_large');
  });

  it('a corrupt compressed body is a 400, not a 500', async () => {
    const truncated = gzipSync(JSON.stringify({ login: 'alice', password: 'x' })).subarray(0, 12);
    expectError(await call('POST', '/api/v1/auth/login', { raw: truncated, headers: { ...JSON_CT, 'content-encoding': 'gzip' } }), 400);
    expectError(await call('POST', '/api/v1/auth/login', { raw: '{"a":1}', headers: { ...JSON_CT, 'content-encoding': 'gzip' } }), 400);
    expectError(await call('POST', '/api/v1/auth/login', { raw: '{"a":1}', headers: { ...JSON_CT, 'content-encoding': 'deflate' } }), 400);
  });

  it('an unknown content encoding is refused with a 4xx', async () => {
    const r = await call('POST', '/api/v1/auth/login', { raw: '{"a":1}', headers: { ...JSON_CT, 'content-encoding': 'rot13' } });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expectError(r, r.status);
  });
});

describe('body handling chosen by each route', () => {
  it('a multipart route reads uploads past the JSON limit and answers 415 to JSON, whoever sends it', async () => {
    const bytes = Buffer.alloc(4 * LIMIT, 7);
    const stored = await sendFile(s, 'POST', '/attachments', alice, bytes, 'big.bin');
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    expect(stored.body.attachment.size).toBe(bytes.length);
    const avatar = await sendFile(s, 'PUT', '/users/me/avatar', alice, await image(64, 64), 'me.png');
    expect(avatar.status, JSON.stringify(avatar.body)).toBe(200);
    for (const token of [alice.accessToken, undefined]) {
      expectError(await call('POST', '/api/v1/attachments', { body: { file: 'x' }, token }), 415, 'unsupported_media_type');
      expectError(await call('PUT', '/api/v1/users/me/avatar', { raw: 'x', headers: { 'content-type': 'text/plain' }, token }), 415, 'unsupported_media_type');
    }
  });

  it('a JSON route on the same path as a multipart one reads its body as JSON', async () => {
    // DELETE /users/me/avatar shares its path with the upload (PUT); its body is still JSON, with JSON's checks.
    const path = '/api/v1/users/me/avatar';
    const form = '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nx\r\n--XyZ--\r\n';
    expectError(await call('DELETE', path, { raw: form, headers: { 'content-type': 'multipart/form-data; boundary=XyZ' }, token: alice.accessToken }), 415, 'unsupported_media_type');
    expectError(await call('DELETE', path, { raw: '{"a":', headers: JSON_CT, token: alice.accessToken }), 400, 'malformed_json');
    expectError(await call('DELETE', path, { body: { pad: 'a'.repeat(LIMIT) }, token: alice.accessToken }), 413, 'payload_too_large');
    const me = await call('GET', '/api/v1/users/me', { token: alice.accessToken });
    expect(me.body.user.avatarId).toMatch(/^[0-9a-f]{64}$/);
    const cleared = await call('DELETE', path, { body: {}, token: alice.accessToken });
    expect(cleared.status).toBe(200);
    expect(cleared.body.user.avatarId).toBeNull();
  });
});

describe('validation', () => {
  const register = (body: unknown) => call('POST', '/api/v1/auth/register', { body });

  it('missing fields are a 400 validation_failed naming each field', async () => {
    const r = await register({ username: 'carol' });
    expectError(r, 400, 'validation_failed');
    expect(detailPaths(r)).toEqual(expect.arrayContaining(['email', 'password']));
    const empty = await call('POST', '/api/v1/auth/login', { body: {} });
    expectError(empty, 400, 'validation_failed');
    expect(detailPaths(empty)).toEqual(expect.arrayContaining(['login', 'password']));
  });

  it('a route that needs a body and gets none is a 400 validation_failed', async () => {
    expectError(await call('POST', '/api/v1/auth/login'), 400, 'validation_failed');
  });

  it('wrong types are a 400 validation_failed naming the field', async () => {
    const r = await register({ username: 42, email: 'carol@example.com', password: 'a fine long password' });
    expectError(r, 400, 'validation_failed');
    expect(detailPaths(r)).toEqual(['username']);
    const nested = await call('POST', '/api/v1/auth/login', { body: { login: { $ne: null }, password: ['x'] } });
    expectError(nested, 400, 'validation_failed');
    expect(detailPaths(nested)).toEqual(expect.arrayContaining(['login', 'password']));
  });

  it('unknown extra fields are a 400 validation_failed naming the field', async () => {
    const r = await register({ username: 'carol', email: 'carol@example.com', password: 'a fine long password', isAdmin: true });
    expectError(r, 400, 'validation_failed');
    expect(JSON.stringify(r.body.error.details)).toContain('isAdmin');
    expect(s.db.prepare("SELECT count(*) FROM users WHERE username = 'carol'").pluck().get()).toBe(0);
  });

  it('emoji and other characters outside [a-z0-9_.-] in usernames are a 400', async () => {
    for (const username of ['ali😀ce', '😀😀😀', 'ａｌｉｃｅ', 'al ice', 'alice\u0000']) {
      const r = await register({ username, email: `${randomUUID()}@example.com`, password: 'a fine long password' });
      expectError(r, 400, 'validation_failed');
      expect(detailPaths(r)).toContain('username');
    }
  });

  it('a malformed id in a path is a 400; an unknown one a 404', async () => {
    for (const id of ['not-a-uuid', '1', "1'%20OR%20'1'='1", '%E0%A4%A', '%00']) {
      expectError(await call('GET', `/api/v1/users/${id}`, { token: alice.accessToken }), 400, 'validation_failed');
    }
    expectError(await call('GET', `/api/v1/users/${randomUUID()}`, { token: alice.accessToken }), 404, 'not_found');
    const found = await call('GET', `/api/v1/users/${bob.id}`, { token: alice.accessToken });
    expect(found.status).toBe(200);
    expect(found.body.user.username).toBe('bob');
  });

  it('bad query parameters are a 400 naming the parameter', async () => {
    const r = await call('GET', '/api/v1/users/search?q=bob&page=abc', { token: alice.accessToken });
    expectError(r, 400, 'validation_failed');
    expect(detailPaths(r)).toContain('page');
    const twice = await call('GET', '/api/v1/users/search?q=a&q=b', { token: alice.accessToken });
    expectError(twice, 400, 'validation_failed');
    expect(detailPaths(twice)).toContain('q');
  });
});

describe('SQL-shaped input', () => {
  const SHAPES = ["' OR 1=1 --", '"; DROP TABLE users; --', "alice' --", "x'); DELETE FROM users; --", '1 UNION SELECT password_hash FROM users'];

  it('is refused as a login and as a username, and the users table stays intact', async () => {
    for (const shape of SHAPES) {
      expectError(await call('POST', '/api/v1/auth/login', { body: { login: shape, password: shape } }), 401, 'invalid_credentials');
      const reg = await call('POST', '/api/v1/auth/register', { body: { username: shape, email: 'sql@example.com', password: 'a fine long password' } });
      expectError(reg, 400, 'validation_failed');
    }
    const users = s.db.prepare('SELECT username FROM users ORDER BY username').pluck().all();
    expect(users).toEqual(['alice', 'bob']);
    const login = await call('POST', '/api/v1/auth/login', { body: { login: 'alice', password: alice.password } });
    expect(login.status).toBe(200);
  });

  it('matches nothing as a search query, and LIKE wildcards are literal', async () => {
    for (const q of [...SHAPES, '%', '_', '%%', '\\']) {
      const r = await call('GET', `/api/v1/users/search?q=${encodeURIComponent(q)}`, { token: alice.accessToken });
      expect(r.status, q).toBe(200);
      expect(r.body).toMatchObject({ items: [], total: 0 });
    }
    const r = await call('GET', '/api/v1/users/search?q=bob', { token: alice.accessToken });
    expect(r.status).toBe(200);
    expect(r.body.items.map((u: { username: string }) => u.username)).toEqual(['bob']);
    expect(s.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(2);
  });
});

describe('headers', () => {
  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await call('GET', '/api/v1/health', { headers: { 'x-request-id': 'client-req.42_abc' } });
    expect(given.headers.get('x-request-id')).toBe('client-req.42_abc');

    const ids = new Set<string>();
    for (const bad of [undefined, 'has spaces in it', 'a'.repeat(65), '<script>', 'a\tb']) {
      const r = await call('GET', '/api/v1/health', bad === undefined ? {} : { headers: { 'x-request-id': bad } });
      const id = r.headers.get('x-request-id') ?? '';
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5);

    const failed = await call('GET', '/api/v1/nope', { headers: { 'x-request-id': 'trace-404' } });
    expect(failed.headers.get('x-request-id')).toBe('trace-404');
  });

  it('sets security headers on answers and on errors', async () => {
    const answers = [
      await call('GET', '/api/v1/health'),
      await call('GET', '/api/v1/nope'),
      await call('POST', '/api/v1/auth/login', { raw: '{', headers: JSON_CT }),
      await call('GET', '/api/v1/users/me'),
    ];
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('a missing or malformed bearer token is a 401 in the error shape', async () => {
    expectError(await call('GET', '/api/v1/users/me'), 401);
    expectError(await call('GET', '/api/v1/users/me', { headers: { authorization: 'Bearer' } }), 401);
    expectError(await call('GET', '/api/v1/users/me', { headers: { authorization: `Bearer ${'x'.repeat(5000)}` } }), 401);
    expectError(await call('GET', '/api/v1/users/me', { token: 'not.a.jwt' }), 401);
  });
});

describe('no internals reach a client', () => {
  it('no answer in this file carried a stack trace, a file path or an SQL error', () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const { what, text } of seen) {
      expect(text, what).not.toMatch(/\bat [\w.<>]+ \(|\n\s+at |node:internal|node_modules|\/work\/|\.[cm]?[jt]s:\d+|SQLITE_|sqlite|SyntaxError|TypeError/i);
    }
  });
});
