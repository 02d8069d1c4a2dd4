import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { listMessages, sendMessage } from '../../shared/doc/index.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { MemoryRoomDirectory } from '../../server/sync/memory-directory.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { until } from '../helpers/sync.js';
import { capture } from '../helpers/yjs.js';

/**
 * Every validation rule, each with a crafted update or frame from a raw socket: the socket is
 * closed with the expected code, nothing is stored or broadcast, and the others carry on.
 */

const MAX = 64 * 1024;
let server: TestServer;
let mallory: TestUser;
let bob: TestUser;
let carol: TestUser;
const directory = new MemoryRoomDirectory();
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ syncMaxMessageBytes: MAX, syncRateMessages: 200 });
  server.sync.setRoomDirectory(directory);
  [mallory, bob, carol] = await Promise.all([server.signUp('mallory'), server.signUp('bob'), server.signUp('carol')]);
});

afterAll(async () => {
  providers.forEach((p) => p.destroy());
  sockets.forEach((s) => s.terminate());
  await server.stop();
});

const syncUrl = () => `${server.url.replace(/^http/, 'ws')}/sync`;


async function connect(room: string, user: TestUser): Promise<WebsocketProvider> {
  const p = new WebsocketProvider(syncUrl(), room, new Y.Doc(), {
    params: { token: user.accessToken },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(p);
  await until(() => p.synced);
  return p;
}

// Frames, built by hand with lib0 (y-protocols message layout).
const frame = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};
const syncFrame = (step: number, payload: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, step);
    encoding.writeVarUint8Array(e, payload);
  });
const updateFrame = (update: Uint8Array) => syncFrame(2, update);
/** A client's answer to step 1 when it has nothing the room lacks. */
const emptyStep2 = syncFrame(1, Y.encodeStateAsUpdate(new Y.Doc()));

/** A raw socket holding a replica of the room, to craft updates against the room's real state. */
interface Raw {
  ws: WebSocket;
  doc: Y.Doc;
  closed: Promise<number>;
  send(data: Uint8Array | string): void;
}

async function raw(room: string, user: TestUser): Promise<Raw> {
  const ws = new WebSocket(`${syncUrl()}/${room}?token=${user.accessToken}`);
  sockets.push(ws);
  const doc = new Y.Doc();
  let synced = false;
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== 0) return;
    const step = decoding.readVarUint(d);
    if (step === 1 || step === 2) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    if (step === 1) synced = true;
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(syncFrame(0, Y.encodeStateVector(doc)));
  await until(() => synced);
  return { ws, doc, closed, send: (data) => ws.send(data) };
}


/** A V1 update of one client's structs written by hand (GC = info 0, Item with ContentDeleted = info 1). */
function handUpdate(client: number, clock: number, writeStructs: (e: encoding.Encoder) => number): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 1);
    const body = encoding.createEncoder();
    const count = writeStructs(body);
    encoding.writeVarUint(e, count);
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    encoding.writeUint8Array(e, encoding.toUint8Array(body));
    encoding.writeVarUint(e, 0); // empty delete set
  });
}

/** An update written with someone else's client id (set after loading, or Yjs would pick a new one). */
function forgeWith(r: Raw, clientId: number): Uint8Array {
  const forged = new Y.Doc();
  Y.applyUpdate(forged, Y.encodeStateAsUpdate(r.doc));
  forged.clientID = clientId;
  return updateFrame(capture(forged, (d) => sendMessage(d, { author: mallory.id, text: 'with your id' })));
}

const stateOf = (doc: Y.Doc) => Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc))].sort(([a], [b]) => a - b));

const stored = (room: string) =>
  (server.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE conversation_id = ?').get(room) as { n: number }).n;

let room: string;
let bobP: WebsocketProvider;
let carolP: WebsocketProvider;
let bobMessageId: string;

beforeEach(async () => {
  room = randomUUID();
  directory.add(room, mallory.id, bob.id, carol.id);
  bobP = await connect(room, bob);
  carolP = await connect(room, carol);
  bobMessageId = sendMessage(bobP.doc, { author: bob.id, text: 'bob was here' }).id;
  await until(() => listMessages(carolP.doc).length === 1 && stored(room) === 1);
});

/**
 * Sends `data` from a fresh raw socket and checks the refusal: close code, nothing stored,
 * nothing broadcast (carol's next message reaches bob, the forged change never did), bob writes on.
 */
async function expectRefused(data: Uint8Array | string | ((r: Raw) => Uint8Array | Uint8Array[]), code: number = CloseCode.invalidUpdate) {
  const r = await raw(room, mallory);
  const before = Y.encodeStateAsUpdate(bobP.doc);
  const count = stored(room);
  for (const frame of [typeof data === 'function' ? data(r) : data].flat()) r.send(frame);
  expect(await r.closed).toBe(code);
  expect(stored(room)).toBe(count);
  const barrier = `barrier ${randomUUID()}`;
  sendMessage(carolP.doc, { author: carol.id, text: barrier });
  await until(() => listMessages(bobP.doc).some((m) => m.text === barrier));
  const expected = new Y.Doc();
  Y.applyUpdate(expected, before);
  Y.applyUpdate(expected, Y.encodeStateAsUpdate(carolP.doc));
  expect(stateOf(bobP.doc)).toEqual(stateOf(expected));
  expect(new Set(listMessages(bobP.doc).map((m) => m.author))).toEqual(new Set([bob.id, carol.id]));
  // bob is not silenced
  const still = `still here ${randomUUID()}`;
  sendMessage(bobP.doc, { author: bob.id, text: still });
  await until(() => listMessages(carolP.doc).some((m) => m.text === still));
  expect(stored(room)).toBe(count + 2);
}

describe('sync validation refuses', () => {
  it('accepts a well-formed update from a raw socket (control)', async () => {
    const r = await raw(room, mallory);
    r.send(updateFrame(capture(r.doc, (d) => sendMessage(d, { author: mallory.id, text: 'hi' }))));
    await until(() => listMessages(bobP.doc).some((m) => m.author === mallory.id));
    expect(stored(room)).toBe(2);
  });

  it('a forged author', () =>
    expectRefused((r) => updateFrame(capture(r.doc, (d) => sendMessage(d, { author: bob.id, text: 'I am bob' })))));

  it('a message with unknown fields or an over-long text', async () => {
    await expectRefused((r) =>
      updateFrame(capture(r.doc, (d) => d.getArray('messages').push([{ id: 'x1', author: mallory.id, text: 'a', createdAt: Date.now(), admin: true }]))),
    );
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getArray('messages').push([{ id: 'x2', author: mallory.id, text: 'a'.repeat(5001), createdAt: Date.now() }]))));
  });

  it('an implausible createdAt and a duplicate message id', async () => {
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => sendMessage(d, { author: mallory.id, text: 'future', createdAt: Date.now() + 10 * 86_400_000 }))));
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getArray('messages').push([{ id: bobMessageId, author: mallory.id, text: 'x', createdAt: Date.now() }]))));
  });

  it("writes with another user's client id", () =>
    expectRefused((r) => forgeWith(r, bobP.doc.clientID)));

  it("the GC-struct trick on another user's client id, and gc structs at all", async () => {
    const victim = bobP.doc.clientID;
    await expectRefused((r) => updateFrame(handUpdate(victim, Y.getState(r.doc.store, victim), (e) => (encoding.writeUint8(e, 0), encoding.writeVarUint(e, 1_000_000), 1))));
    await expectRefused((r) => updateFrame(handUpdate(r.doc.clientID, 0, (e) => (encoding.writeUint8(e, 0), encoding.writeVarUint(e, 5), 1))));
  });

  it('a client id its owner announced in awareness before writing (no squatting)', () =>
    // carol's provider announced its client id through awareness on connect, before any write.
    expectRefused((r) => forgeWith(r, carolP.doc.clientID)));

  it("a delete of another user's items", () =>
    expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getArray('messages').delete(0, 1)))));

  it("an edit of another user's message", () =>
    expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getMap('edits').set(bobMessageId, { text: 'edited by mallory', editedAt: Date.now() })))));

  it("a receipt under another user's key", async () => {
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getMap('receipts').set(bob.id, { readMessageId: bobMessageId, readAt: Date.now() }))));
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getMap('receipts').set(`${bob.id}:laptop`, { readAt: Date.now() }))));
  });

  it('an unknown root, a nested type and a text', async () => {
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getMap('evil').set('x', 1))));
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getArray('messages').push([new Y.Map()]))));
    await expectRefused((r) => updateFrame(capture(r.doc, (d) => d.getText('notes').insert(0, 'x'))));
  });

  // A gap may be filled by the client's answer to step 1 (offline writes): updates wait for that
  // answer (bounded), and what is still out of order after it is refused.
  it('a clock gap (after the client’s step 2, or beyond what may wait) and a 2^52 length', async () => {
    const gap = (r: Raw) => {
      capture(r.doc, (d) => sendMessage(d, { author: mallory.id, text: 'first, never sent' }));
      return updateFrame(capture(r.doc, (d) => sendMessage(d, { author: mallory.id, text: 'second' })));
    };
    await expectRefused((r) => [gap(r), emptyStep2]);
    await expectRefused((r) => {
      const first = gap(r);
      return [first, ...Array.from({ length: 64 }, () => first)];
    });
    await expectRefused((r) =>
      updateFrame(
        handUpdate(r.doc.clientID, 0, (e) => {
          encoding.writeUint8(e, 1); // Item, ContentDeleted, parent given
          encoding.writeVarUint(e, 1);
          encoding.writeVarString(e, 'messages');
          encoding.writeVarUint(e, 2 ** 52);
          return 1;
        }),
      ),
    );
    await expectRefused((r) => [updateFrame(handUpdate(r.doc.clientID, 2 ** 52, (e) => (encoding.writeUint8(e, 0), encoding.writeVarUint(e, 1), 1))), emptyStep2]);
  });

  it('5000-deep JSON', () =>
    expectRefused((r) => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 5000; i++) deep = [deep];
      return updateFrame(capture(r.doc, (d) => d.getArray('messages').push([{ id: 'deep', author: mallory.id, text: 'x', createdAt: Date.now(), mentions: deep }])));
    }));

  it('garbage bytes, a lone 0x80, garbage inside a sync message', async () => {
    await expectRefused(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x01, 0x02]));
    await expectRefused(new Uint8Array([0x80]));
    await expectRefused(updateFrame(new Uint8Array([0x05, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80])));
    await expectRefused(syncFrame(0, new Uint8Array([0x80])));
  });

  it('text frames', () => expectRefused('hello'));

  it('unknown message types and sync steps, and client auth messages', async () => {
    await expectRefused(new Uint8Array([7]));
    await expectRefused(new Uint8Array([2, 0]));
    await expectRefused(syncFrame(9, new Uint8Array([0])));
  });

  it('oversized frames (4413, or cut by ws above twice the limit) and endless fragments', async () => {
    await expectRefused(updateFrame(new Uint8Array(MAX + 10)), CloseCode.tooLarge);
    await expectRefused(updateFrame(new Uint8Array(MAX * 3)), 1009);
    await expectRefused((r) => {
      for (let i = 0; i < 100; i++) r.ws.send(new Uint8Array([0]), { fin: false, binary: true });
      return new Uint8Array([0]);
    }, 1008);
  });

  it('floods of messages (4429)', () =>
    expectRefused((r) => {
      for (let i = 0; i < 1000; i++) r.ws.send(new Uint8Array([3]));
      return new Uint8Array([3]);
    }, CloseCode.rateLimited));
});

describe('awareness', () => {
  it("is rewritten with the verified user; entries for others' client ids are dropped", async () => {
    bobP.awareness.setLocalStateField('user', { name: 'Bob', color: '#00f' });
    await until(() => carolP.awareness.getStates().get(bobP.awareness.clientID)?.user !== undefined);
    // The server replaced what bob claimed with who bob is.
    expect(carolP.awareness.getStates().get(bobP.awareness.clientID)).toEqual({ user: { id: bob.id } });
    const r = await raw(room, mallory);
    const states = (id: number, state: unknown, clock = 5) =>
      frame((e) => {
        encoding.writeVarUint(e, 1);
        const body = frame((b) => {
          encoding.writeVarUint(b, 2);
          encoding.writeVarUint(b, id);
          encoding.writeVarUint(b, clock);
          encoding.writeVarString(b, JSON.stringify(state));
          encoding.writeVarUint(b, r.doc.clientID);
          encoding.writeVarUint(b, 1);
          encoding.writeVarString(b, JSON.stringify({ user: { id: bob.id, name: 'bob' }, typing: true }));
        });
        encoding.writeVarUint8Array(e, body);
      });
    r.send(states(bobP.awareness.clientID, { user: { id: mallory.id, name: 'not bob' } }, 1000));
    await until(() => carolP.awareness.getStates().has(r.doc.clientID));
    expect(carolP.awareness.getStates().get(r.doc.clientID)).toEqual({ user: { id: mallory.id }, typing: true });
    expect(carolP.awareness.getStates().get(bobP.awareness.clientID)).toEqual({ user: { id: bob.id } });
  });
});
