import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';
import { connectAs, synced, syncUrl, until, upgradeStatus } from '../helpers/sync.js';

/** The sync server's work shows up in /metrics: sockets, rooms, accepted and refused updates, appends, compaction. */

let server: TestServer;
let alice: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  alice = await server.signUp('alice');
});
afterAll(() => server.stop());

const scrape = async () => (await server.request('GET', '/metrics')).body as string;
/** The value of one sample line, e.g. `parley_sync_live_sockets`; 0 when absent. */
const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

it('counts live sockets, rooms, accepted and refused updates, appends and compactions', async () => {
  const group = (await callAs(server, 'POST', '/groups', alice, { name: 'metrics', members: [] })).body as { id: string };
  expect(group.id).toMatch(/^[0-9a-f-]{36}$/);
  const before = await scrape();

  const provider = connectAs(server, group.id, alice);
  await synced(provider);
  sendMessage(provider.doc, { author: alice.id, text: 'counted' });
  // Counted when applied, which is before the server's copy of the document shows it.
  await until(() => server.sync.read(group.id, (doc) => listMessages(doc).some((m) => m.text === 'counted')));
  let text = await scrape();
  expect(sample(text, 'parley_sync_live_sockets')).toBe(1);
  expect(sample(text, 'parley_sync_rooms_in_memory')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'parley_sync_updates_accepted_total')).toBeGreaterThan(sample(before, 'parley_sync_updates_accepted_total'));
  expect(sample(text, 'parley_sync_persist_duration_seconds_count')).toBeGreaterThan(0);

  // A text frame breaks the protocol: refused with 4400, counted under its rule.
  const raw = new WebSocket(`${syncUrl(server)}/${group.id}?token=${alice.accessToken}`);
  const closed = new Promise<number>((resolve) => raw.on('close', (code) => resolve(code)));
  raw.on('open', () => raw.send('not a y-protocols frame'));
  expect(await closed).toBe(CloseCode.invalidUpdate);
  text = await scrape();
  expect(text).toMatch(/parley_sync_updates_refused_total\{rule="text frames are not part of the protocol",code="4400"\} 1/);

  expect(await upgradeStatus(`${syncUrl(server)}/${group.id}`)).toBe(401);
  text = await scrape();
  expect(text).toMatch(/parley_sync_upgrades_refused_total\{status="401"\} 1/);

  expect(await server.sync.compact(group.id)).toBeGreaterThan(0);
  text = await scrape();
  expect(sample(text, 'parley_sync_compactions_total')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'parley_sync_compacted_updates_total')).toBeGreaterThanOrEqual(1);

  provider.destroy();
  await until(() => server.sync.stats().sockets === 0);
  expect(sample(await scrape(), 'parley_sync_live_sockets')).toBe(0);
});
