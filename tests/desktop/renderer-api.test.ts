import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SelfUserResponse } from '../../shared/api/accounts.js';
import { createServerProbe } from '../../desktop/main/server-probe.js';
import { accountsApi } from '../../desktop/renderer/api/accounts.js';
import { ApiClient } from '../../desktop/renderer/api/client.js';
import { ApiError, errorMessage, NetworkError, requestJson } from '../../desktop/renderer/api/http.js';
import { socialApi } from '../../desktop/renderer/api/social.js';
import { SessionEndedError, TokenKeeper, type TokenSet } from '../../desktop/renderer/session/tokens.js';
import { freePort } from '../e2e/helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  // One-second access tokens, so expiry and refresh happen within the test.
  server = await startTestServer({ accessTokenTtl: 1 });
});
afterAll(() => server.stop());

function keeper(tokens: TokenSet, on: TestServer = server) {
  const saved: TokenSet[] = [];
  const ended: string[] = [];
  const keeper = new TokenKeeper(on.url, tokens, { saved: async (t) => void saved.push(t), ended: (r) => void ended.push(r) });
  return { keeper, saved, ended };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('renderer REST client against a real server', () => {
  it('parses answers with the shared schemas and maps errors to ApiError with the server code', async () => {
    const anon = accountsApi(new ApiClient(server.url, null));
    const err = await anon.login({ login: 'nobody', password: 'wrong password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).code).toBe('invalid_credentials');
    const invalid = await anon.register({ username: 'x', email: 'bad', password: 'short' }).catch((e: unknown) => e);
    expect((invalid as ApiError).code).toBe('validation_failed');
    expect(errorMessage(invalid)).toMatch(/username/);
  });

  it("main's server probe accepts a Parley server and names what is wrong with anything else", async () => {
    const probe = createServerProbe();
    await expect(probe(server.url)).resolves.toBeUndefined();
    await expect(probe(`${server.url}/docs`)).rejects.toThrow(/does not answer like a Parley server/);
    await expect(probe(`http://127.0.0.1:${await freePort()}`)).rejects.toThrow(/cannot be reached/);
  });

  it('reports an unreachable server as a NetworkError', async () => {
    const port = await freePort();
    const err = await requestJson({ url: `http://127.0.0.1:${port}/api/v1/health`, method: 'GET' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(errorMessage(err)).toMatch(/offline|cannot be reached/);
  });

  it('on 401 token_expired refreshes once and retries (a clock that believed the token was still good)', async () => {
    const user = await server.signUp('dave');
    await sleep(2100);
    const { keeper: tokens, saved } = keeper({ accessToken: user.accessToken, accessExpiresAt: Date.now() + 3600_000, refreshToken: user.refreshToken });
    const friends = await socialApi(new ApiClient(server.url, tokens)).friends();
    expect(friends).toEqual([]);
    expect(saved).toHaveLength(1);
  });

  it('ends the session when the server refuses the refresh token (logged out elsewhere)', async () => {
    const user = await server.signUp('frank');
    expect((await server.request('POST', '/api/v1/auth/logout', { token: user.accessToken })).status).toBe(204);
    const { keeper: tokens, ended } = keeper({ accessToken: null, accessExpiresAt: 0, refreshToken: user.refreshToken });
    await expect(accountsApi(new ApiClient(server.url, tokens)).me()).rejects.toBeInstanceOf(SessionEndedError);
    expect(ended).toHaveLength(1);
    expect(tokens.ended).toBe(true);
    await expect(tokens.fresh()).rejects.toBeInstanceOf(SessionEndedError);
    expect(ended).toHaveLength(1);
  });

  it('adopts tokens another tab rotated instead of reusing its own stale refresh token', async () => {
    const user = await server.signUp('grace');
    const rotated = (await server.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).body;
    const other: TokenSet = { accessToken: rotated.accessToken, accessExpiresAt: Date.now() + 600_000, refreshToken: rotated.refreshToken };
    const ended: string[] = [];
    const tokens = new TokenKeeper(server.url, { accessToken: null, accessExpiresAt: 0, refreshToken: user.refreshToken }, {
      saved: async () => undefined,
      ended: (r) => void ended.push(r),
      reload: async () => other,
    });
    expect(await tokens.fresh()).toBe(rotated.accessToken);
    expect(ended).toEqual([]);
  });
});

describe('renderer REST client: refreshing', () => {
  // Default-length access tokens: a fresh one that expired again on a slow machine would need a second refresh.
  let patient: TestServer;
  beforeAll(async () => {
    patient = await startTestServer();
  });
  afterAll(() => patient.stop());

  it('refreshes an expired access token before a call and keeps the rotated refresh token', async () => {
    const user = await patient.signUp('carol');
    const { keeper: tokens, saved } = keeper({ accessToken: user.accessToken, accessExpiresAt: Date.now() + 1000, refreshToken: user.refreshToken }, patient);
    const me = await accountsApi(new ApiClient(patient.url, tokens)).me();
    expect(me.username).toBe('carol');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.refreshToken).not.toBe(user.refreshToken);
    // The kept token is the live one; the old refresh token was rotated away and is refused.
    expect((await patient.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: saved[0]!.refreshToken } })).status).toBe(200);
    const reused = await patient.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('refresh_token_reused');
  });

  it('gives concurrent callers one shared refresh (refresh tokens are single use)', async () => {
    const user = await patient.signUp('erin');
    const { keeper: tokens, saved, ended } = keeper({ accessToken: null, accessExpiresAt: 0, refreshToken: user.refreshToken }, patient);
    const client = new ApiClient(patient.url, tokens);
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.get('/users/me', SelfUserResponse)));
    expect(answers.map((a) => a.user.username)).toEqual(Array(5).fill('erin'));
    expect(saved).toHaveLength(1);
    expect(ended).toEqual([]);
  });
});
