import * as Y from 'yjs';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { decodeMessage, type IncomingMessage } from './protocol.js';
import { TokenBucket } from './rate-limit.js';
import type { Connection, Room } from './room.js';

/** Per-connection limits on incoming traffic. */
export interface ConnectionLimits {
  maxMessageBytes: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
}

/** What the core does when a connection must go (the owner closes the socket and forgets it). */
export type Drop = (conn: Connection, code: number, reason: string) => void;
/** What the core does when handling a message threw: a fault of ours, not the client's. */
export type Failed = (conn: Connection, err: unknown) => void;

/** How many updates (and bytes, see maxMessageBytes) may wait for the client's sync answer. */
const MAX_HELD_UPDATES = 64;

/**
 * Reads one connection's frames and dispatches them to its room; closes on any violation.
 *
 * A stock client that comes back with offline writes sends them in its answer to the server's
 * step 1, but an edit made in between goes out at once as an update that builds on them: it
 * starts past the room's state. Until the client's step 2 has arrived such updates wait (bounded)
 * and are checked again after it; anything still out of order then is refused as before.
 */
export class ConnectionHandler {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  /** Null once the client's step 2 has been applied. */
  private held: Uint8Array[] | null = [];
  private heldBytes = 0;

  constructor(
    readonly conn: Connection,
    private readonly room: Room,
    private readonly limits: ConnectionLimits,
    private readonly drop: Drop,
    private readonly failed: Failed,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    this.bytes = new TokenBucket(limits.bytesPerSecond, Math.max(limits.bytesPerSecond * 2, limits.maxMessageBytes * 2));
  }

  /** Raw bytes read from the socket (framing included), counted before any decoding. */
  received(byteCount: number): void {
    if (!this.conn.closed && !this.bytes.take(byteCount)) this.drop(this.conn, CloseCode.rateLimited, 'too many bytes per second');
  }

  frame(data: Uint8Array, isBinary: boolean): void {
    this.guarded(() => this.read(data, isBinary));
  }

  /** Runs one message's handling; what it throws is a fault of ours, and this connection's alone. */
  private guarded(handle: () => void): void {
    try {
      handle();
    } catch (err) {
      this.failed(this.conn, err);
    }
  }

  private read(data: Uint8Array, isBinary: boolean): void {
    if (this.conn.closed) return;
    if (!this.messages.take()) return this.drop(this.conn, CloseCode.rateLimited, 'too many messages per second');
    if (!isBinary) return this.drop(this.conn, CloseCode.invalidUpdate, 'text frames are not part of the protocol');
    if (data.length > this.limits.maxMessageBytes) return this.drop(this.conn, CloseCode.tooLarge, 'message too large');
    const decoded = decodeMessage(data);
    if (!decoded.ok) return this.drop(this.conn, CloseCode.invalidUpdate, decoded.reason);
    const message = decoded.message;
    // Answered from the room's stored snapshot: what follows waits until the room has loaded (and
    // runs inside the load, which may come from another connection: hence its own guard).
    if (this.room.defersFor(this.conn)) return this.room.deferUntilLoaded(() => this.guarded(() => this.dispatch(message, data)));
    this.dispatch(message, data);
  }

  private dispatch(message: IncomingMessage, data: Uint8Array): void {
    if (this.conn.closed) return;
    switch (message.kind) {
      case 'step1': {
        try {
          Y.decodeStateVector(message.stateVector);
        } catch {
          return this.drop(this.conn, CloseCode.invalidUpdate, 'malformed state vector');
        }
        return this.room.answerStep1(this.conn, message.stateVector);
      }
      case 'step2':
      case 'update': {
        const verdict = this.room.applyClientUpdate(this.conn, message.update, message.kind === 'update' ? data : undefined);
        if (!verdict.ok && verdict.gap && message.kind === 'update' && this.hold(message.update)) return;
        if (!verdict.ok) return this.drop(this.conn, verdict.code, verdict.reason);
        if (message.kind === 'step2') this.releaseHeld();
        return;
      }
      case 'awareness':
        if (!this.room.applyAwareness(this.conn, message.update)) this.drop(this.conn, CloseCode.invalidUpdate, 'malformed awareness update');
        return;
      case 'queryAwareness':
        return this.room.sendAwareness(this.conn);
    }
  }

  /** Keeps an out-of-order update until the client's step 2; false when it may not wait. */
  private hold(update: Uint8Array): boolean {
    if (this.held === null || this.held.length >= MAX_HELD_UPDATES || this.heldBytes + update.length > this.limits.maxMessageBytes) return false;
    this.held.push(update);
    this.heldBytes += update.length;
    return true;
  }

  /** After the client's step 2: applies what waited, in order (what step 2 already held adds nothing). */
  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = null;
    this.heldBytes = 0;
    for (const update of held) {
      const verdict = this.room.applyClientUpdate(this.conn, update);
      if (!verdict.ok) return this.drop(this.conn, verdict.code, verdict.reason);
    }
  }
}
