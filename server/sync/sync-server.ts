import type { IncomingMessage, Server } from 'node:http';
import type * as Y from 'yjs';
import { isInboxRoom } from '../../shared/doc/inbox.js';
import { CloseCode } from '../../shared/sync/close-codes.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import { admit, isSyncPath, type Admission, type RoomDirectory, type SessionAuthenticator } from './access.js';
import { Announcer } from './announcer.js';
import { LOAD_DEFER_MS, UNLOAD_COMPACT_UPDATES } from './defaults.js';
import { ConnectionHandler } from './connection.js';
import { Journal } from './journal.js';
import { NO_OBSERVER, type SyncObserver } from './observer.js';
import { Compactor } from './compactor.js';
import { SyncStore } from './persistence.js';
import { Room, type AcceptedUpdate, type Connection, type SyncSocket } from './room.js';
import { Transport } from './transport.js';

export interface SyncOptions {
  /** Largest frame / update accepted (larger: 4413; above twice this ws cuts the socket with 1009). */
  maxMessageBytes: number;
  /** How long a room without sockets stays in memory. */
  roomIdleMs: number;
  /** Browser origins allowed to connect (`*` any); requests without Origin always pass. */
  allowedOrigins: readonly string[];
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** Compact a room once this many updates are stored after its snapshot. */
  compactAfterUpdates?: number;
  /** …and once no update has arrived for this long. */
  compactQuietMs?: number;
  /**
   * An idle room leaving memory is compacted only when at least this many updates are stored
   * after its snapshot (default UNLOAD_COMPACT_UPDATES). Loading a few journal rows is cheap, while
   * compaction rewrites the whole snapshot: a room that took one update (an offline user's inbox
   * getting a notification) must not rewrite its document every time it unloads.
   */
  unloadCompactUpdates?: number;
  /** How long a room that answered a new device from its stored snapshot may put off loading (see Room). */
  loadDeferMs?: number;
  keepAliveMs?: number;
  maxFragments?: number;
  /**
   * How often live sockets' sessions are checked again. A socket lives as long as its session,
   * not its access token (checked at upgrade): revocations close sockets at once through events,
   * and this sweep catches sessions that simply expired.
   */
  sessionCheckMs?: number;
}

export interface SyncServerDeps {
  http: Server;
  db: Db;
  sessions: SessionAuthenticator;
  events: EventBus;
  log: Logger;
  options: SyncOptions;
  /** Membership; until one is given (setRoomDirectory) every room is unknown. */
  rooms?: RoomDirectory;
  /** Told about accepted and refused updates, appends and compactions (metrics). */
  observer?: SyncObserver;
}


const NO_ROOMS: RoomDirectory = { exists: () => false, isMember: () => false };

/** An update accepted into a conversation (from a client or the server), once it is durable. */
export interface AcceptedEvent extends AcceptedUpdate {
  conversationId: string;
}
const SERVER_ERROR = 1011;

/**
 * The sync server: websocket rooms of conversation documents on the HTTP server, with access
 * checks, validation, durable appends before broadcast, revocation and presence (announced on the
 * event bus as `presence.online` / `presence.offline`).
 */
export class SyncServer {
  private readonly rooms = new Map<string, Room>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly store: SyncStore;
  private readonly journal: Journal;
  private readonly transport: Transport;
  private readonly admissions = new WeakMap<IncomingMessage, Admission & { ok: true }>();
  private readonly unsubscribe: Array<() => void>;
  private readonly compactions = new Map<string, NodeJS.Timeout>();
  private readonly compactor: Compactor;
  private readonly accepted: Announcer<AcceptedEvent>;
  private readonly sessionSweep: NodeJS.Timeout;
  private directory: RoomDirectory;
  private readonly observer: SyncObserver;
  private nextId = 1;
  private closed = false;

  constructor(private readonly deps: SyncServerDeps) {
    this.directory = deps.rooms ?? NO_ROOMS;
    this.observer = deps.observer ?? NO_OBSERVER;
    this.store = new SyncStore(deps.db);
    this.compactor = new Compactor(deps.db, this.store, (err) => deps.log.error({ err }, 'compaction worker failed: compactions run on the main thread again'));
    this.accepted = new Announcer(deps.log, (e) => ({ conversationId: e.conversationId }));
    this.journal = new Journal(
      this.store,
      (ids, err) => this.persistFailed(ids, err),
      (seconds, appends) => this.observer.persisted(seconds, appends),
    );
    const o = deps.options;
    this.transport = new Transport(deps.http, {
      maxPayload: o.maxMessageBytes * 2,
      maxFragments: o.maxFragments ?? 64,
      keepAliveMs: o.keepAliveMs ?? 30_000,
      isOurs: (req) => isSyncPath(req.url),
      admit: (req) => this.admit(req),
      connected: (socket, req) => this.connected(socket, req),
      onError: (err) => deps.log.debug({ err }, 'sync socket error'),
    });
    this.unsubscribe = [
      deps.events.on('sessions.revoked', ({ userId, sessionIds }) =>
        this.closeUser(userId, CloseCode.unauthorized, 'session ended', (c) => sessionIds === 'all' || sessionIds.includes(c.sessionId)),
      ),
      deps.events.on('user.deactivated', ({ userId }) => this.closeUser(userId, CloseCode.unauthorized, 'account deactivated')),
    ];
    this.sessionSweep = setInterval(() => this.closeEndedSessions(), o.sessionCheckMs ?? 30_000);
    this.sessionSweep.unref();
  }

  /** Closes (4401) every socket whose session no longer stands; each session is checked once. */
  private closeEndedSessions(): void {
    const verdicts = new Map<string, boolean>();
    for (const [userId, conns] of this.byUser) {
      for (const conn of [...conns]) {
        let live = verdicts.get(conn.sessionId);
        if (live === undefined) verdicts.set(conn.sessionId, (live = this.deps.sessions.isLive(conn.sessionId, userId)));
        if (!live) this.drop(conn, CloseCode.unauthorized, 'session ended');
      }
    }
  }

  /** Plugs in membership (the social graph). */
  setRoomDirectory(directory: RoomDirectory): void {
    this.directory = directory;
  }

  /**
   * Calls `listener` for every accepted update of any room, after it is durable (derived index,
   * notifications). Listener errors are logged and never affect the room. Returns the unsubscribe.
   */
  onAccepted(listener: (e: AcceptedEvent) => void): () => void {
    return this.accepted.listen(listener);
  }

  /** True while the user has a live socket in that conversation's room. */
  hasSocketIn(conversationId: string, userId: string): boolean {
    for (const conn of this.byUser.get(userId) ?? []) if (conn.conversationId === conversationId) return true;
    return false;
  }

  /** Closes the user's sockets in one room (membership removed): 4403 unless told otherwise. */
  closeUserInRoom(conversationId: string, userId: string, code: number = CloseCode.forbidden, reason = 'no longer a member'): void {
    this.closeUser(userId, code, reason, (c) => c.conversationId === conversationId);
  }

  /** Closes every socket of a room (conversation gone): 4404 unless told otherwise. */
  closeRoom(conversationId: string, code: number = CloseCode.unknownRoom, reason = 'conversation is gone'): void {
    const room = this.rooms.get(conversationId);
    for (const conn of [...(room?.connections ?? [])]) this.drop(conn, code, reason);
  }

  /** Closes the user's sockets matching `which` (all by default). */
  closeUser(userId: string, code: number, reason: string, which: (c: Connection) => boolean = () => true): void {
    for (const conn of [...(this.byUser.get(userId) ?? [])]) if (which(conn)) this.drop(conn, code, reason);
  }

  /**
   * Writes into a conversation's document as the server-owned client (REST, system events):
   * persisted and broadcast like any accepted update. Use the shared/doc helpers inside `write`.
   */
  write<T>(conversationId: string, write: (doc: Y.Doc) => T): T {
    const room = this.room(conversationId);
    try {
      return room.writeAsServer(write);
    } finally {
      if (room.connections.size === 0) this.scheduleUnload(room);
    }
  }

  /**
   * Sets fields of the server's awareness state in a room and broadcasts them (e.g. an inbox's
   * "your conversation list changed"). Signals are for live sockets only: a room that is not in
   * memory or has no sockets is left alone (never loaded for this). True when sent.
   */
  signal(roomId: string, state: Record<string, unknown>): boolean {
    const room = this.rooms.get(roomId);
    if (!room || room.connections.size === 0) return false;
    room.signal(state);
    return true;
  }

  /** Reads a conversation's document (loading it when needed); never write through it. */
  read<T>(conversationId: string, read: (doc: Y.Doc) => T): T {
    const room = this.room(conversationId);
    try {
      return read(room.doc);
    } finally {
      if (room.connections.size === 0) this.scheduleUnload(room);
    }
  }

  /** Writes every queued append now and tells listeners about them (before they stop listening, on shutdown). */
  flush(): void {
    this.journal.flush();
    this.accepted.drain();
  }

  /**
   * Folds a room's stored updates into its snapshot (merged off the main thread, swapped in with one
   * transaction); resolves to how many were folded.
   */
  async compact(conversationId: string): Promise<number> {
    this.journal.flush();
    const folded = await this.compactor.compact(conversationId);
    // Updates may have arrived while it merged: they stay in the room's tail.
    const room = this.rooms.get(conversationId);
    if (room) room.tail = Math.max(0, room.tail - folded);
    if (folded > 0) this.observer.compacted(folded);
    return folded;
  }

  /** Compacts; a failure is logged, never thrown (the updates stay stored, and are folded later). */
  private compactOrLog(conversationId: string): Promise<void> {
    return this.compact(conversationId).then(
      () => undefined,
      (err: unknown) => this.deps.log.error({ err, conversationId }, 'compaction failed'),
    );
  }

  /** Rooms in memory and live sockets, for health and tests. */
  stats(): { rooms: number; sockets: number } {
    return { rooms: this.rooms.size, sockets: this.transport.socketCount };
  }

  private admit(req: IncomingMessage) {
    if (this.closed) return { ok: false as const, status: 503, reason: 'shutting down' };
    const admission = admit(req, { sessions: this.deps.sessions, rooms: this.directory, allowedOrigins: this.deps.options.allowedOrigins });
    if (admission.ok) {
      this.admissions.set(req, admission);
    } else {
      this.observer.upgradeRefused(admission.status);
      this.deps.log.debug({ status: admission.status, reason: admission.reason }, 'sync upgrade refused');
    }
    return admission;
  }

  private room(conversationId: string): Room {
    let room = this.rooms.get(conversationId);
    if (!room) {
      const o = this.deps.options;
      const inbox = isInboxRoom(conversationId);
      room = new Room(conversationId, this.store.load(conversationId), this.journal, {
        limits: { maxUpdateBytes: o.maxMessageBytes, maxClockAdvance: o.maxMessageBytes },
        onAppended: (r, accepted) => {
          this.observer.accepted();
          if (r.tail >= (o.compactAfterUpdates ?? 500)) this.scheduleCompaction(r.conversationId);
          // Listeners derive conversation state (index, notifications); inboxes are not conversations.
          if (this.accepted.listening && !inbox) this.journal.afterDurable(r.conversationId, () => this.accepted.queueEvent({ conversationId: r.conversationId, ...accepted }));
        },
        readOnly: inbox,
        loadDeferMs: o.loadDeferMs ?? LOAD_DEFER_MS,
        onBroken: (r, err) => {
          this.deps.log.error({ err, conversationId: r.conversationId }, 'sync document does not load');
          this.discard(r);
        },
        rules: {
          acceptsMessages: () => this.directory.acceptsMessages?.(conversationId) ?? true,
          isMember: (userId) => this.directory.isMember(conversationId, userId),
          mayAttach: (userId, attachment) => this.directory.mayAttach?.(conversationId, userId, attachment) ?? true,
        },
      });
      this.rooms.set(conversationId, room);
    }
    return room;
  }

  private connected(socket: SyncSocket, req: IncomingMessage) {
    const admission = this.admissions.get(req) as Admission & { ok: true };
    this.admissions.delete(req);
    const conn: Connection = {
      id: this.nextId++,
      userId: admission.userId,
      sessionId: admission.sessionId,
      conversationId: admission.conversationId,
      socket,
      awarenessIds: new Set(),
      closed: false,
    };
    // Read from SQLite now; nothing but what is stored goes out before the document is loaded (see Room).
    const room = this.room(conn.conversationId);
    const o = this.deps.options;
    const handler = new ConnectionHandler(
      conn,
      room,
      { maxMessageBytes: o.maxMessageBytes, messagesPerSecond: o.messagesPerSecond, bytesPerSecond: o.bytesPerSecond },
      (c, code, reason) => {
        this.observer.refused(reason, code);
        this.drop(c, code, reason);
      },
      (c, err) => {
        this.deps.log.error({ err, conversationId: c.conversationId }, 'sync message failed');
        this.drop(c, SERVER_ERROR, 'internal error');
      },
    );
    try {
      room.join(conn);
    } catch {
      // The room did not load: it closed this socket with the others (see onBroken).
      return { received: () => undefined, frame: () => undefined, closed: () => this.detach(conn) };
    }
    let users = this.byUser.get(conn.userId);
    const first = !users;
    if (!users) this.byUser.set(conn.userId, (users = new Set()));
    users.add(conn);
    if (first) this.deps.events.emit('presence.online', { userId: conn.userId });
    return {
      received: (n: number) => handler.received(n),
      frame: (data: Uint8Array, isBinary: boolean) => handler.frame(data, isBinary),
      closed: () => this.detach(conn),
    };
  }

  private drop(conn: Connection, code: number, reason: string): void {
    if (conn.closed) return;
    this.deps.log.debug({ userId: conn.userId, conversationId: conn.conversationId, code, reason }, 'sync socket closed');
    this.detach(conn);
    conn.socket.close(code, reason);
  }

  /** Forgets a socket (called again when a dropped socket reports its close: then a no-op for presence). */
  private detach(conn: Connection): void {
    conn.closed = true;
    const users = this.byUser.get(conn.userId);
    const wentOffline = users?.delete(conn) === true && users.size === 0;
    if (wentOffline) this.byUser.delete(conn.userId);
    const room = this.rooms.get(conn.conversationId);
    if (room && room.leave(conn)) this.scheduleUnload(room);
    if (wentOffline) this.deps.events.emit('presence.offline', { userId: conn.userId });
  }

  private scheduleUnload(room: Room): void {
    if (room.idleTimer || this.closed) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = null;
      if (room.connections.size === 0 && this.rooms.get(room.conversationId) === room) this.unload(room);
    }, this.deps.options.roomIdleMs);
    room.idleTimer.unref();
  }

  private unload(room: Room): void {
    if (this.foldsOnUnload(room)) void this.compactOrLog(room.conversationId);
    room.destroy();
    this.rooms.delete(room.conversationId);
  }

  /** Whether a room leaving memory has stored enough since its snapshot to be folded into a new one. */
  private foldsOnUnload(room: Room): boolean {
    return room.tail > 0 && room.tail >= (this.deps.options.unloadCompactUpdates ?? UNLOAD_COMPACT_UPDATES);
  }

  /**
   * Compacts once the room has been quiet for a moment: compaction rewrites the whole snapshot, so
   * running it in the middle of a burst (every few hundred updates) made bursts quadratic.
   */
  private scheduleCompaction(conversationId: string): void {
    clearTimeout(this.compactions.get(conversationId));
    const timer = setTimeout(() => {
      this.compactions.delete(conversationId);
      if (!this.closed) void this.compactOrLog(conversationId);
    }, this.deps.options.compactQuietMs ?? 2000);
    timer.unref();
    this.compactions.set(conversationId, timer);
  }

  /** A batch could not be written: its rooms forget what they accepted and their peers reconnect. */
  private persistFailed(ids: Set<string>, err: unknown): void {
    this.deps.log.error({ err, rooms: [...ids] }, 'sync append failed');
    for (const id of ids) {
      const room = this.rooms.get(id);
      if (room) this.discard(room);
    }
  }

  /** Closes a room's sockets (1011) and forgets the room: what it holds in memory cannot be trusted. */
  private discard(room: Room): void {
    for (const conn of [...room.connections]) this.drop(conn, SERVER_ERROR, 'storage failure');
    room.destroy();
    if (this.rooms.get(room.conversationId) === room) this.rooms.delete(room.conversationId);
  }

  /** Closes every socket (1001), writes what is queued and drops the rooms. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sessionSweep);
    this.unsubscribe.forEach((off) => off());
    for (const room of this.rooms.values()) for (const conn of [...room.connections]) conn.closed = true;
    this.transport.close(1001, 'server shutting down');
    this.journal.flush();
    this.accepted.drain();
    // Every room leaves memory now: fold those an idle unload would fold, so the next start loads
    // one snapshot (and answers a new device with it as stored) instead of replaying the updates.
    const folds = [...this.rooms.values()].filter((room) => this.foldsOnUnload(room)).map((room) => room.conversationId);
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    for (const userId of this.byUser.keys()) this.deps.events.emit('presence.offline', { userId });
    this.byUser.clear();
    await Promise.all(folds.map((id) => this.compactOrLog(id)));
    await this.compactor.close();
  }
}
