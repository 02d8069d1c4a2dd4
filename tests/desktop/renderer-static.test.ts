import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererCsp, serveRenderer } from '../../server/http/renderer.js';
import type { AppState } from '../../server/http/state.js';

let dir: string;
let http: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'main-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'sw.js'), '// sw');
  writeFileSync(join(tmpdir(), 'parley-renderer-outside.txt'), 'secret');
  const app = new Koa<AppState>();
  app.use(serveRenderer(dir)!);
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { error: { code: 'not_found', message: 'Not found' } };
  });
  http = createServer(app.callback());
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => {
  http.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, accept = 'text/html,*/*') => fetch(`${base}${path}`, { headers: { accept } });

describe('serving the built renderer', () => {
  it('is off until the renderer has been built', () => {
    expect(serveRenderer(join(dir, 'nope'))).toBeNull();
  });

  it('serves index.html at / with a strict CSP, revalidated on every load', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toBe(rendererCsp(new URL(base).host));
    expect(await res.text()).toContain('id="root"');
  });

  it('serves hashed assets as immutable, and the service worker uncached', async () => {
    const js = await get('/assets/main-abc.js', '*/*');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect((await get('/sw.js', '*/*')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client routes of browser navigations with index.html, but not API clients or missing files', async () => {
    expect(await (await get('/c/123')).text()).toContain('id="root"');
    expect((await get('/friends', 'application/json')).status).toBe(404);
    expect((await get('/assets/missing.js', 'text/html')).status).toBe(404);
  });

  it("never shadows the server's own paths", async () => {
    for (const path of ['/api/v1/nope', '/docs', '/docs/x', '/sync/abc', '/metrics', '/verify-email', '/reset-password', '/link-pages.js']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    }
  });

  it('never leaves its folder', async () => {
    for (const path of ['/../parley-renderer-outside.txt', '/%2e%2e/parley-renderer-outside.txt', '/assets/..%2f..%2fparley-renderer-outside.txt', '/%00.js']) {
      const res = await get(path, '*/*');
      expect(res.status, path).toBe(404);
    }
  });

  it('only answers GET and HEAD', async () => {
    expect((await fetch(`${base}/`, { method: 'POST', headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${base}/`, { method: 'HEAD' })).status).toBe(200);
  });
});
