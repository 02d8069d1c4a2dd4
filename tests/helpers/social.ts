import { expect } from 'vitest';
import type { TestServer, TestUser } from './server.js';

/** A call to `/api/v1<path>` as `user` (anonymous without one). */
export const callAs = (s: TestServer, method: string, path: string, user?: TestUser, body?: unknown) =>
  s.request(method, `/api/v1${path}`, { token: user?.accessToken, body });

/** Makes `a` and `b` friends through the API: a request from `a`, accepted by `b`. */
export async function befriendUsers(s: TestServer, a: TestUser, b: TestUser): Promise<void> {
  const r = await callAs(s, 'POST', '/friends/requests', a, { username: b.username });
  expect(r.status).toBe(201);
  expect((await callAs(s, 'POST', `/friends/requests/${r.body.id}/accept`, b)).status).toBe(200);
}
