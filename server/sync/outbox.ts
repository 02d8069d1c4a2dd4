import type { Duplex } from 'node:stream';
import type { MessageParts } from './protocol.js';

/** Queued bytes above which a socket's frames are written one by one (no copy) instead of joined. */
const JOIN_BELOW_BYTES = 64 * 1024;

/**
 * Outgoing frames, held until the current synchronous run is over and then written with one
 * write per socket. A journal flush releases many broadcasts at once, so a socket often gets
 * several frames in one run; and a broadcast sends the same payload to every socket, so it is
 * framed once, not once per socket (ws's `send` frames, buffers and corks per call, which cost
 * more than the rest of a fan-out). A fan-out allocates nothing here beyond the frame itself:
 * each socket's queue is made once, when it connects, and the list of queues to write is reused.
 *
 * Frames go to the raw socket, past ws's sender: correct only while permessage-deflate is off.
 */
export class Outbox {
  /** Queues with frames: the first `dirtyCount` slots. Never shrunk, so a fan-out does not regrow it. */
  private readonly dirty: Array<SocketQueue | null> = [];
  private dirtyCount = 0;
  private scheduled = false;
  private lastPayload: Uint8Array | null = null;
  private lastFrame: Buffer | null = null;

  /** The queue of frames for `socket`: one per socket, for as long as it is open. */
  queueFor(socket: Duplex): SocketQueue {
    return new SocketQueue(socket, this);
  }

  /** Writes every queue that holds frames. */
  flush(): void {
    this.scheduled = false;
    for (let i = 0; i < this.dirtyCount; i++) {
      (this.dirty[i] as SocketQueue).flush();
      this.dirty[i] = null;
    }
    this.dirtyCount = 0;
    this.lastPayload = null;
    this.lastFrame = null;
  }

  /** @internal The frame for `payload`, built once while the same payload goes to many sockets. */
  frameOf(payload: Uint8Array): Buffer {
    if (payload !== this.lastPayload) {
      this.lastPayload = payload;
      this.lastFrame = binaryFrame(payload);
    }
    return this.lastFrame as Buffer;
  }

  /** @internal Called by a queue when its first frame arrives. */
  queued(queue: SocketQueue): void {
    this.dirty[this.dirtyCount++] = queue;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }
}

/** One socket's frames waiting for the end of the run: the first alone, later ones (rare) in a list. */
export class SocketQueue {
  private first: Buffer | null = null;
  private more: Buffer[] | null = null;

  constructor(
    private readonly socket: Duplex,
    private readonly outbox: Outbox,
  ) {}

  /** Queues `payload` as one binary message; parts are framed as one message and never copied. */
  send(payload: Uint8Array | MessageParts): void {
    if (payload instanceof Uint8Array) return this.push(this.outbox.frameOf(payload));
    this.push(frameHeader(payload.reduce((n, part) => n + part.length, 0)));
    for (const part of payload) this.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  }

  private push(buffer: Buffer): void {
    if (this.first === null) {
      this.first = buffer;
      this.outbox.queued(this);
    } else (this.more ??= []).push(buffer);
  }

  /** Writes what waits now (also before a close frame, which must come last). */
  flush(): void {
    const { first, more } = this;
    if (first === null) return;
    this.first = null;
    this.more = null;
    if (this.socket.destroyed || !this.socket.writable) return;
    if (more === null) return void this.socket.write(first);
    if (more.reduce((n, buffer) => n + buffer.length, first.length) < JOIN_BELOW_BYTES) return void this.socket.write(Buffer.concat([first, ...more]));
    // Large: one writev of every buffer as it is.
    this.socket.cork();
    this.socket.write(first);
    for (const buffer of more) this.socket.write(buffer);
    this.socket.uncork();
  }
}

/** One final, unmasked binary frame (RFC 6455 §5.2), as a server sends it. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const header = headerLength(payload.length);
  const frame = frameInto(Buffer.allocUnsafe(header + payload.length), payload.length);
  frame.set(payload, header);
  return frame;
}

/** The header of a binary frame whose payload (`n` bytes) follows separately. */
function frameHeader(n: number): Buffer {
  return frameInto(Buffer.allocUnsafe(headerLength(n)), n);
}

const headerLength = (n: number) => (n < 126 ? 2 : n < 0x10000 ? 4 : 10);

/** Writes the header of a final binary frame of `n` payload bytes at the start of `frame`. */
function frameInto(frame: Buffer, n: number): Buffer {
  frame[0] = 0x82; // FIN + opcode 2 (binary)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  return frame;
}
