import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('/metrics', () => {
  let open: TestServer;
  let guarded: TestServer;
  const TOKEN = 'metrics-token-0123456789';
  beforeAll(async () => {
    open = await startTestServer();
    guarded = await startTestServer({ metricsToken: TOKEN });
  });
  afterAll(async () => {
    await open.stop();
    await guarded.stop();
  });

  it('serves Prometheus text to loopback clients, with latency per route pattern', async () => {
    await open.request('GET', '/api/v1/health');
    await open.request('GET', '/api/v1/users/00000000-0000-4000-8000-000000000000');
    const r = await open.request('GET', '/metrics');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    expect(r.body).toContain('parley_http_request_duration_seconds_bucket');
    expect(r.body).toMatch(/route="\/api\/v1\/health",status="200"/);
    expect(r.body).toMatch(/route="\/api\/v1\/users\/:id",status="401"/);
    expect(r.body).not.toContain('00000000-0000-4000-8000-000000000000');
    expect(r.body).toContain('parley_process_resident_memory_bytes');
  });

  it('needs the token when METRICS_TOKEN is set', async () => {
    expect((await guarded.request('GET', '/metrics')).status).toBe(401);
    expect((await guarded.request('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await guarded.request('GET', '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('parley_sync_live_sockets');
  });
});
