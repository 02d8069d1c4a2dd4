import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Outbox } from './outbox.js';
import type { SyncSocket } from './room.js';

/**
 * The websocket transport: takes `/sync/...` upgrades off the HTTP server, refuses them with a
 * plain HTTP status before any socket is accepted, and hands the core three calls per socket.
 */

export interface SocketHandlers {
  /** Raw bytes arrived (counted before ws parses them). */
  received(byteCount: number): void;
  frame(data: Uint8Array, isBinary: boolean): void;
  closed(): void;
}

export interface TransportOptions {
  /** ws refuses (1009) any message above this before buffering it. */
  maxPayload: number;
  /** ws refuses (1008) messages split into more fragments. */
  maxFragments: number;
  /** Ping interval; a socket that missed a pong since the last ping is dropped. */
  keepAliveMs: number;
  /** Decides synchronously: an HTTP status to refuse with, or accept. */
  admit(req: IncomingMessage): { ok: false; status: number; reason: string } | { ok: true };
  /** Wires an accepted socket; returns its handlers. */
  connected(socket: SyncSocket, req: IncomingMessage): SocketHandlers;
  isOurs(req: IncomingMessage): boolean;
  onError(err: unknown): void;
}

/** How long a closing socket may take to answer our close frame before it is cut. */
const CLOSE_GRACE_MS = 2000;

export class Transport {
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly outbox = new Outbox();
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head);

  constructor(
    private readonly http: Server,
    private readonly options: TransportOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload, maxFragments: options.maxFragments, perMessageDeflate: false });
    http.on('upgrade', this.onUpgrade);
    this.keepAlive = setInterval(() => this.ping(), options.keepAliveMs);
    this.keepAlive.unref();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.options.isOurs(req)) {
      // Another upgrade listener may own this path; when there is none, nobody would answer.
      if (this.http.listenerCount('upgrade') === 1) refuse(socket, 404);
      return;
    }
    socket.on('error', (err) => this.options.onError(err));
    let verdict: ReturnType<TransportOptions['admit']>;
    try {
      verdict = this.options.admit(req);
    } catch (err) {
      this.options.onError(err);
      return refuse(socket, 500);
    }
    if (!verdict.ok) return refuse(socket, verdict.status);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, req));
  }

  private accept(ws: WebSocket, raw: Duplex, req: IncomingMessage): void {
    this.sockets.add(ws);
    this.alive.add(ws);
    const queue = this.outbox.queueFor(raw);
    const syncSocket: SyncSocket = {
      send: (data) => {
        if (ws.readyState === ws.OPEN) queue.send(data);
      },
      written: (callback) => {
        queue.flush();
        if (!raw.writableNeedDrain) return void setImmediate(callback);
        const done = () => {
          raw.off('drain', done);
          raw.off('close', done);
          callback();
        };
        raw.on('drain', done);
        raw.on('close', done);
      },
      close: (code, reason) => {
        queue.flush();
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason.slice(0, 120));
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
      },
    };
    const handlers = this.options.connected(syncSocket, req);
    raw.on('data', (chunk: Buffer) => handlers.received(chunk.length));
    ws.on('message', (data: RawData, isBinary: boolean) => handlers.frame(toBytes(data), isBinary));
    ws.on('pong', () => this.alive.add(ws));
    ws.on('error', () => {}); // ws closes the socket itself (1009, 1008, 1002); 'close' follows
    ws.on('close', () => {
      this.sockets.delete(ws);
      handlers.closed();
    });
  }

  private ping(): void {
    for (const ws of this.sockets) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }

  /** Stops taking upgrades and closes every socket with `code`. */
  close(code: number, reason: string): void {
    this.http.off('upgrade', this.onUpgrade);
    clearInterval(this.keepAlive);
    this.outbox.flush();
    for (const ws of this.sockets) {
      ws.close(code, reason);
      setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    }
    this.wss.close();
  }

  get socketCount(): number {
    return this.sockets.size;
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return new Uint8Array(data);
}

/** Answers an upgrade with a bare HTTP status and closes the socket. */
function refuse(socket: Duplex, status: number): void {
  const body = JSON.stringify({ error: { code: `http_${status}`, message: STATUS_CODES[status] ?? 'Error' } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
