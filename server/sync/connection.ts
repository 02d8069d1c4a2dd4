import * as Y from 'yjs';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { decodeMessage } from './protocol.js';
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

/** Reads one connection's frames and dispatches them to its room; closes on any violation. */
export class ConnectionHandler {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(
    readonly conn: Connection,
    private readonly room: Room,
    private readonly limits: ConnectionLimits,
    private readonly drop: Drop,
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    this.bytes = new TokenBucket(limits.bytesPerSecond, Math.max(limits.bytesPerSecond * 2, limits.maxMessageBytes * 2));
  }

  /** Raw bytes read from the socket (framing included), counted before any decoding. */
  received(byteCount: number): void {
    if (!this.conn.closed && !this.bytes.take(byteCount)) this.drop(this.conn, CloseCode.rateLimited, 'too many bytes per second');
  }

  frame(data: Uint8Array, isBinary: boolean): void {
    if (this.conn.closed) return;
    if (!this.messages.take()) return this.drop(this.conn, CloseCode.rateLimited, 'too many messages per second');
    if (!isBinary) return this.drop(this.conn, CloseCode.invalidUpdate, 'text frames are not part of the protocol');
    if (data.length > this.limits.maxMessageBytes) return this.drop(this.conn, CloseCode.tooLarge, 'message too large');
    const decoded = decodeMessage(data);
    if (!decoded.ok) return this.drop(this.conn, CloseCode.invalidUpdate, decoded.reason);
    const message = decoded.message;
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
        const verdict = this.room.applyClientUpdate(this.conn, message.update);
        if (!verdict.ok) return this.drop(this.conn, verdict.code, verdict.reason);
        return;
      }
      case 'awareness':
        if (!this.room.applyAwareness(this.conn, message.update)) this.drop(this.conn, CloseCode.invalidUpdate, 'malformed awareness update');
        return;
      case 'queryAwareness':
        return this.room.sendAwareness(this.conn);
    }
  }
}
