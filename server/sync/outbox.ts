import type { Duplex } from 'node:stream';

/**
 * Outgoing frames, held until the current synchronous run is over and then written with one
 * write per socket. A journal flush releases many broadcasts at once, so a socket often gets
 * several frames in one run; and a broadcast sends the same payload to every socket, so it is
 * framed once, not once per socket (ws's `send` frames, buffers and corks per call, which cost
 * more than the rest of a fan-out).
 */
export class Outbox {
  private readonly pending = new Map<Duplex, Buffer[]>();
  private scheduled = false;
  private lastPayload: Uint8Array | null = null;
  private lastFrame: Buffer | null = null;

  /** Queues `payload` as one binary message to `socket`. */
  send(socket: Duplex, payload: Uint8Array): void {
    const frame = this.frameOf(payload);
    const queued = this.pending.get(socket);
    if (queued) queued.push(frame);
    else this.pending.set(socket, [frame]);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
  }

  /** Writes what waits for `socket` now (before a close frame, which must come last). */
  flushSocket(socket: Duplex): void {
    const frames = this.pending.get(socket);
    if (!frames) return;
    this.pending.delete(socket);
    write(socket, frames);
  }

  flush(): void {
    this.scheduled = false;
    for (const [socket, frames] of this.pending) write(socket, frames);
    this.pending.clear();
    this.lastPayload = null;
    this.lastFrame = null;
  }

  private frameOf(payload: Uint8Array): Buffer {
    if (payload !== this.lastPayload) {
      this.lastPayload = payload;
      this.lastFrame = binaryFrame(payload);
    }
    return this.lastFrame as Buffer;
  }
}

function write(socket: Duplex, frames: Buffer[]): void {
  if (socket.destroyed || !socket.writable) return;
  socket.write(frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames));
}

/** One final, unmasked binary frame (RFC 6455 §5.2), as a server sends it. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.length;
  const header = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + n);
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
  frame.set(payload, header);
  return frame;
}
