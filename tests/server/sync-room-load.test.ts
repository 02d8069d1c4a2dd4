import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { callAs } from '../helpers/social.js';
import { connectAs, synced, syncUrl, until } from '../helpers/sync.js';

/**
 * A room stored as one snapshot answers a new device (an empty state vector) with that snapshot as
 * stored, before it loads the document, so the device's download and apply overlap the load. What
 * the device sends meanwhile waits for the load; everything else goes on as usual.
 */
let s: TestServer;
/** The same, but a room waits only 50 ms for a reason to load (SYNC_LOAD_DEFER_MS). */
let quick: TestServer;
let owner: TestUser;
let id: string;
const sockets: WebSocket[] = [];
const providers: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  // Idle rooms leave memory at once and fold into one snapshot when they do. On `s` a room that
  // answered from its snapshot loads only once the answer is out or something needs the document
  // (however slow this machine is), never on the fallback timer.
  const options = { syncRoomIdleMs: 50, syncUnloadCompactUpdates: 1 };
  [s, quick] = await Promise.all([startTestServer({ ...options, syncLoadDeferMs: 60_000 }), startTestServer({ ...options, syncLoadDeferMs: 50 })]);
  owner = await s.signUp('keeper');
});
afterAll(() => Promise.all([s.stop(), quick.stop()]));

/** What a device that synced after the first 20 of the stored history's 30 messages holds. */
let heldAfter20: Uint8Array;

/** A new group with 30 messages, left until it unloads: stored as one snapshot. */
async function storedHistory(server: TestServer, user: TestUser): Promise<string> {
  const room = (await callAs(server, 'POST', '/groups', user, { name: 'history', members: [] })).body.id as string;
  const writer = connectAs(server, room, user);
  await synced(writer);
  for (let i = 0; i < 30; i++) {
    if (i === 20) heldAfter20 = Y.encodeStateAsUpdate(writer.doc);
    sendMessage(writer.doc, { author: user.id, text: `old ${i}` });
  }
  await until(() => journalRows(server, room) >= 31);
  writer.destroy();
  await until(() => server.sync.stats().rooms === 0 && journalRows(server, room) === 0 && snapshot(server, room) !== undefined);
  return room;
}

beforeEach(async () => {
  id = await storedHistory(s, owner);
});
afterEach(() => {
  sockets.splice(0).forEach((ws) => ws.terminate());
  providers.splice(0).forEach((p) => p.destroy());
});

const journalRows = (server = s, room = id) => server.db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(room) as number;
const snapshot = (server = s, room = id) => server.db.prepare('SELECT snapshot FROM doc_snapshots WHERE conversation_id = ?').pluck().get(room) as Buffer | undefined;

/** The messages written before the room unloaded. */
const oldTexts = (doc: Y.Doc) => listMessages(doc).map((m) => m.text).filter((t) => t.startsWith('old '));

type Received = { kind: 'step1' | 'step2' | 'update'; payload: Uint8Array } | { kind: 'awareness' };

/** A raw socket that records every sync and awareness message the server sends, in order. */
async function rawDevice(user: TestUser, server = s, room = id): Promise<{ ws: WebSocket; received: Received[] }> {
  const ws = new WebSocket(`${syncUrl(server)}/${room}?token=${user.accessToken}`);
  sockets.push(ws);
  const received: Received[] = [];
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(d);
    if (type === 1) return void received.push({ kind: 'awareness' });
    const step = decoding.readVarUint(d);
    received.push({ kind: (['step1', 'step2', 'update'] as const)[step] as 'step1', payload: decoding.readVarUint8Array(d) });
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, received };
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
const emptyStep1 = () =>
  message((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, new Y.Doc());
  });

it('answers a new device with the stored snapshot as is, then sends its state vector once loaded', async () => {
  const stored = new Uint8Array(snapshot() as Buffer);
  const { ws, received } = await rawDevice(owner);
  ws.send(emptyStep1());
  await until(() => received.some((m) => m.kind === 'step1'));
  const sync = received.filter((m) => m.kind !== 'awareness');
  // The answer came first, before the room had anything loaded to describe itself with.
  expect(sync.map((m) => m.kind)).toEqual(['step2', 'step1']);
  const [answer, step1] = sync as Array<{ payload: Uint8Array }>;
  expect(Buffer.from(answer!.payload).equals(Buffer.from(stored))).toBe(true);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, answer!.payload);
  expect(oldTexts(doc)).toEqual(Array.from({ length: 30 }, (_, i) => `old ${i}`));
  // The state vector it sends once loaded is the whole document's.
  expect(step1!.payload).toEqual(Y.encodeStateVector(doc));
});

it('greets a device that waits for the server to speak first, once the room has waited SYNC_LOAD_DEFER_MS', async () => {
  const user = await quick.signUp('patient');
  const { received } = await rawDevice(user, quick, await storedHistory(quick, user));
  await until(() => received.some((m) => m.kind === 'step1'));
  expect(received.filter((m) => m.kind !== 'awareness').map((m) => m.kind)).toEqual(['step1']);
});

it('keeps what a new device writes and announces as soon as it has synced, and shows it to the others', async () => {
  const doc = new Y.Doc();
  const fresh = connectAs(s, id, owner, doc);
  providers.push(fresh);
  fresh.awareness.setLocalStateField('typing', true);
  // Written the moment the answer is in: it reaches the server while the room may still be loading.
  await new Promise<void>((resolve) =>
    fresh.once('sync', () => {
      sendMessage(doc, { author: owner.id, text: 'first words on a new device' });
      resolve();
    }),
  );
  const other = connectAs(s, id, owner, new Y.Doc());
  providers.push(other);
  await synced(other);
  await until(() => listMessages(other.doc).some((m) => m.text === 'first words on a new device'));
  await until(() => [...other.awareness.getStates().values()].some((state) => state.typing === true));
  expect(oldTexts(other.doc)).toHaveLength(30);
  // Stored like any other write.
  await until(() => journalRows() === 1);
});

it('loads at once for a server write made while the answer is out, and the new device receives it', async () => {
  const { ws, received } = await rawDevice(owner);
  ws.send(emptyStep1());
  await until(() => received.some((m) => m.kind === 'step2'));
  const posted = await callAs(s, 'POST', `/conversations/${id}/messages`, owner, { text: 'from the API' });
  expect(posted.status).toBe(201);
  await until(() => received.some((m) => m.kind === 'update'));
  const doc = new Y.Doc();
  for (const m of received) if (m.kind === 'step2' || m.kind === 'update') Y.applyUpdate(doc, m.payload);
  expect(listMessages(doc).at(-1)?.text).toBe('from the API');
  expect(oldTexts(doc)).toHaveLength(30);
});

it('answers a device that holds part of the history with only what it misses', async () => {
  const partial = new Y.Doc();
  Y.applyUpdate(partial, heldAfter20);
  expect(oldTexts(partial)).toHaveLength(20);
  const { ws, received } = await rawDevice(owner);
  ws.send(message((e) => {
    encoding.writeVarUint(e, 0);
    syncProtocol.writeSyncStep1(e, partial);
  }));
  await until(() => received.some((m) => m.kind === 'step2'));
  const answer = received.find((m) => m.kind === 'step2') as { payload: Uint8Array };
  // The answer brings the last 10 messages, and not the 20 it held (a third of the history's bytes).
  Y.applyUpdate(partial, answer.payload);
  expect(oldTexts(partial)).toEqual(Array.from({ length: 30 }, (_, i) => `old ${i}`));
  expect(answer.payload.length).toBeLessThan((snapshot() as Buffer).length / 2);
  // The room loaded to answer it, so its state vector came first.
  expect(received.filter((m) => m.kind !== 'awareness').map((m) => m.kind)).toEqual(['step1', 'step2']);
});

describe('a stored document that does not load', () => {
  /** The room's snapshot replaced with bytes Yjs cannot read (storage gone bad). */
  const corrupt = () => s.db.prepare('UPDATE doc_snapshots SET snapshot = ? WHERE conversation_id = ?').run(Buffer.from([1, 2, 3, 4, 5]), id);
  const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

  it('closes the sockets of its room with 1011, and every other room carries on', async () => {
    corrupt();
    const newDevice = await rawDevice(owner);
    const newDeviceClosed = closeCode(newDevice.ws);
    newDevice.ws.send(emptyStep1());
    const holder = await rawDevice(owner);
    const holderClosed = closeCode(holder.ws);
    // A device that holds something: the room must load to answer it.
    const partial = new Y.Doc();
    partial.getMap('x').set('held', 1);
    holder.ws.send(message((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, partial);
    }));
    expect(await newDeviceClosed).toBe(1011);
    expect(await holderClosed).toBe(1011);
    // Nothing of a half-loaded document went out: only the stored bytes, as they are.
    expect(holder.received.filter((m) => m.kind !== 'awareness')).toEqual([]);

    const other = (await callAs(s, 'POST', '/groups', owner, { name: 'healthy', members: [] })).body.id as string;
    const client = connectAs(s, other, owner);
    providers.push(client);
    await synced(client);
    sendMessage(client.doc, { author: owner.id, text: 'still here' });
    expect((await callAs(s, 'GET', `/conversations/${other}/messages`, owner)).status).toBe(200);
  });

  it('refuses a server write into it with a JSON error, and loses nothing else', async () => {
    corrupt();
    const posted = await callAs(s, 'POST', `/conversations/${id}/messages`, owner, { text: 'into the void' });
    expect(posted.status).toBe(500);
    expect(typeof posted.body.error.code).toBe('string');
    expect(snapshot()).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });
});
