import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { binaryFrame, Outbox } from '../../server/sync/outbox.js';

/** ws's own frame builder (public, but not in @types/ws): the reference for ours. */
const wsFrame = (data: Buffer): Buffer =>
  Buffer.concat((ws as unknown as { Sender: { frame(d: Buffer, o: object): Buffer[] } }).Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }));

/** A real stream that records each write it gets. */
function recordingSocket() {
  const socket = new PassThrough();
  const writes: Buffer[] = [];
  const write = socket.write.bind(socket);
  socket.write = ((chunk: Buffer) => {
    writes.push(Buffer.from(chunk));
    return write(chunk);
  }) as typeof socket.write;
  return { socket, writes };
}

describe('outgoing frames', () => {
  it('frames exactly as ws does at every length encoding', () => {
    for (const n of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
      const payload = Buffer.alloc(n, n % 251);
      expect(binaryFrame(payload).equals(wsFrame(payload))).toBe(true);
    }
  });

  it('writes each socket once per synchronous run, frames in order, the same payload framed once', async () => {
    const outbox = new Outbox();
    const a = recordingSocket();
    const b = recordingSocket();
    const [qa, qb] = [outbox.queueFor(a.socket), outbox.queueFor(b.socket)];
    const shared = new Uint8Array([1, 2, 3]);
    qa.send(shared);
    qb.send(shared);
    qa.send(new Uint8Array([4]));
    qa.send(new Uint8Array([5]));
    expect(a.writes).toEqual([]);
    await new Promise((r) => process.nextTick(r));
    expect(a.writes).toEqual([Buffer.concat([binaryFrame(shared), binaryFrame(new Uint8Array([4])), binaryFrame(new Uint8Array([5]))])]);
    expect(b.writes).toEqual([binaryFrame(shared)]);
  });

  it('queues are reused run after run: each run writes only what it queued', async () => {
    const outbox = new Outbox();
    const a = recordingSocket();
    const qa = outbox.queueFor(a.socket);
    for (const byte of [1, 2, 3]) {
      qa.send(new Uint8Array([byte]));
      await new Promise((r) => process.nextTick(r));
    }
    expect(a.writes).toEqual([1, 2, 3].map((byte) => binaryFrame(new Uint8Array([byte]))));
  });

  it('sends a message given in parts as one frame, and a large one without copying its parts', async () => {
    const outbox = new Outbox();
    const a = recordingSocket();
    const qa = outbox.queueFor(a.socket);
    const small = [new Uint8Array([0, 1, 3]), new Uint8Array([9, 8, 7])];
    const big = new Uint8Array(200_000).fill(42);
    qa.send(small);
    await new Promise((r) => process.nextTick(r));
    qa.send(new Uint8Array([5]));
    qa.send([new Uint8Array([0, 1]), big]);
    await new Promise((r) => process.nextTick(r));
    const joined = (parts: Uint8Array[]) => binaryFrame(Buffer.concat(parts));
    // Small: one write of one frame. Large: the frames as written, the big part itself among them.
    expect(a.writes[0]).toEqual(joined(small));
    expect(Buffer.concat(a.writes.slice(1)).equals(Buffer.concat([binaryFrame(new Uint8Array([5])), joined([new Uint8Array([0, 1]), big])]))).toBe(true);
    expect(a.writes.slice(1).some((w) => w.length === big.length)).toBe(true);
  });

  it('a socket about to close gets its frames first; a destroyed one gets nothing', async () => {
    const outbox = new Outbox();
    const closing = recordingSocket();
    const gone = recordingSocket();
    const [qClosing, qGone] = [outbox.queueFor(closing.socket), outbox.queueFor(gone.socket)];
    qClosing.send(new Uint8Array([7]));
    qGone.send(new Uint8Array([8]));
    qClosing.flush();
    expect(closing.writes).toEqual([binaryFrame(new Uint8Array([7]))]);
    gone.socket.destroy();
    await new Promise((r) => process.nextTick(r));
    expect(closing.writes).toHaveLength(1);
    expect(gone.writes).toEqual([]);
  });
});
