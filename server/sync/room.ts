import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { conversationRoots } from '../../shared/doc/conversation.js';
import { insertedValues } from '../../shared/doc/transaction-changes.js';
import type { MessageRecord } from '../../shared/doc/schema.js';
import { encodeAwarenessEntries, rewriteAwareness } from './awareness.js';
import type { Journal } from './journal.js';
import type { StoredDoc } from './persistence.js';
import { checkReadOnly } from './read-only.js';
import { encodeAwareness, encodeStep1, encodeStep2, encodeUpdate, step2Parts, type MessageParts } from './protocol.js';
import { validateUpdate, type RoomView, type ValidationLimits, type Verdict } from './validation.js';

/** The transport's side of a socket: all the core ever does with one. */
export interface SyncSocket {
  /** Sends one message (given whole, or in parts). */
  send(data: Uint8Array | MessageParts): void;
  /** Calls back once everything sent so far has been handed to the OS (or the socket closed). */
  written(callback: () => void): void;
  close(code: number, reason: string): void;
}

/** One authenticated socket in one room. */
export interface Connection {
  readonly id: number;
  readonly userId: string;
  readonly sessionId: string;
  readonly conversationId: string;
  readonly socket: SyncSocket;
  /** Awareness client ids this connection announced (removed when it leaves). */
  readonly awarenessIds: Set<number>;
  closed: boolean;
}

/** Marks transactions that replay stored updates (not appended again). */
const LOAD_ORIGIN = Symbol('load');
/** Marks transactions written by the server itself (REST, system events). */
export const SERVER_ORIGIN = Symbol('server');
/** Owner of client ids the server writes with: never equal to a user id. */
const SERVER_OWNER = '\u0000server';
/** How many awareness client ids one connection may hold. */
const MAX_AWARENESS_IDS = 4;
/** How much a connection answered from the snapshot may send before the load stops waiting for the answer to go out. */
const MAX_WAITING_FRAMES = 64;

export interface RoomOptions {
  limits: Omit<ValidationLimits, 'now'>;
  /** Called after each append (before it is durable); the owner decides when to compact. */
  onAppended(room: Room, accepted: AcceptedUpdate): void;
  /** Rules that depend on the conversation's current state outside the document. */
  rules?: Pick<RoomView, 'acceptsMessages' | 'isMember' | 'mayAttach'>;
  /** Only the server writes (inboxes): clients may only repeat what the room has. */
  readOnly?: boolean;
  /** How long a room that can answer a new device from its stored snapshot may put off loading (LOAD_DEFER_MS). */
  loadDeferMs: number;
  /** What storage holds did not load: the room is unusable (the owner closes its sockets and forgets it). */
  onBroken(room: Room, err: unknown): void;
}

/** What an accepted update changed, for derived state (index, notifications). */
export interface AcceptedUpdate {
  /** The writing user; null for the server's own writes. */
  writer: string | null;
  /**
   * The messages it added: as validation parsed them for a client's update, as the shared helpers
   * wrote them for the server's own writes. Either way checked, so listeners need not parse again.
   */
  addedMessages: MessageRecord[];
}

/**
 * A conversation document in memory: loaded from storage before anyone is answered, updated
 * only through validated updates or the server's own writes, each appended before broadcast.
 *
 * Loading waits for the first use of the document, with one exception that lets a new device's
 * download overlap the load: a room stored as a single update answers an empty state vector (a
 * peer holding nothing) with that update as stored, which is the whole document, and loads once the
 * answer is written out. Until then that peer's other messages wait; anything else that needs the
 * document loads it at once.
 */
export class Room {
  private readonly ydoc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  readonly connections = new Set<Connection>();
  /** client id → owning user (SERVER_OWNER for the server). */
  private readonly owners = new Map<number, string>();
  /**
   * message id → author, for the `edits` rule and new messages' id checks: built when the first
   * update needs it, not at load (a walk over every message, a tenth of a 100,000-message room's
   * load; a room that is only read never needs it), then kept up to date.
   */
  private authors: Map<string, string> | null = null;
  private pendingClaims: number[] = [];
  /** Messages added by the transaction being cleaned up: from the verdict, or (server writes) observed. */
  private addedMessages: MessageRecord[] = [];
  private seq: number;
  /**
   * The whole document as one update, for peers that hold nothing of it (a new device): encoded once
   * and kept until the document changes. A room loaded from one stored update (its snapshot) keeps
   * that one, so its first new device costs no encoding at all. Costs one encoded copy of the
   * document per room in memory at most, less than the Y.Doc itself.
   */
  private fullState: Uint8Array | null;
  /** Updates stored since the last snapshot. */
  tail: number;
  idleTimer: NodeJS.Timeout | null = null;
  /** What validation reads of the room: built once, as none of it changes (the maps are live). */
  private readonly view: RoomView;
  /** What storage holds, until it is applied to the document. */
  private stored: StoredDoc | null;
  /** Joined before the load: sent our step 1 once it is done. */
  private ungreeted: Connection[] = [];
  /** Connections answered from the stored snapshot; their messages wait for the load (see deferUntilLoaded). */
  private readonly answeredUnloaded = new Set<Connection>();
  private waiting: Array<() => void> = [];
  private loadTimer: NodeJS.Timeout | null = null;
  private destroyed = false;

  constructor(
    readonly conversationId: string,
    stored: StoredDoc,
    private readonly journal: Journal,
    private readonly options: RoomOptions,
  ) {
    this.seq = stored.lastSeq;
    this.tail = stored.tail;
    this.stored = stored;
    this.fullState = stored.updates.length === 1 ? (stored.updates[0] as Uint8Array) : null;
    for (const [client, user] of stored.owners) this.owners.set(client, user ?? SERVER_OWNER);
    const { messages } = conversationRoots(this.ydoc);
    // Client updates bring their new messages in the verdict; computing `changes` for every update
    // cost more than the rest of the room's bookkeeping, so only the server's own writes are observed.
    messages.observe((event) => {
      if (event.transaction.origin === SERVER_ORIGIN) this.addedMessages.push(...(insertedValues(event.transaction, messages) as MessageRecord[]));
    });
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    this.awareness.setLocalState(null);
    // Validation reads the document through this: it loads on first use like any other reader.
    const loadedDoc = () => this.doc;
    this.view = {
      get doc() {
        return loadedDoc();
      },
      ownerOf: (client: number) => this.owners.get(client),
      authorOf: (messageId: string) => this.authorsByMessage().get(messageId),
      ...options.rules,
    };
  }

  /** The document, loaded from storage on first use. */
  get doc(): Y.Doc {
    if (this.stored !== null) this.load();
    return this.ydoc;
  }

  /** Not loaded yet, and stored as one update: a new device can be answered with it as it is. */
  private get answersUnloaded(): boolean {
    return this.stored !== null && this.fullState !== null;
  }

  /** Applies what storage holds, greets who joined meanwhile and runs what waited for it. */
  private load(): void {
    const stored = this.stored;
    if (stored === null || this.destroyed) return;
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.loadTimer = null;
    try {
      Y.transact(this.ydoc, () => stored.updates.forEach((u) => Y.applyUpdate(this.ydoc, u)), LOAD_ORIGIN);
    } catch (err) {
      // Half a document must never be served or written to.
      this.options.onBroken(this, err);
      throw err;
    }
    this.stored = null;
    for (const conn of this.ungreeted) if (this.connections.has(conn)) this.greet(conn);
    this.ungreeted = [];
    this.answeredUnloaded.clear();
    const waiting = this.waiting;
    this.waiting = [];
    for (const run of waiting) run();
  }

  /** Loads from a timer or a callback, where nobody waits for an error: onBroken has it. */
  private loadQuietly(): void {
    try {
      this.load();
    } catch {
      // reported through onBroken
    }
  }

  /**
   * True when `conn`'s next message must wait for the load: it was answered from the stored
   * snapshot, whose download the load is meant to overlap. Cheap once loaded (the hot path).
   */
  defersFor(conn: Connection): boolean {
    return this.stored !== null && this.answeredUnloaded.has(conn);
  }

  /** Runs `run` once the room has loaded; too much waiting loads it now. */
  deferUntilLoaded(run: () => void): void {
    this.waiting.push(run);
    if (this.waiting.length > MAX_WAITING_FRAMES) this.load();
  }

  private authorsByMessage(): Map<string, string> {
    if (this.authors === null) {
      this.authors = new Map();
      const authors = this.authors;
      conversationRoots(this.doc).messages.forEach((m) => remember(authors, m));
    }
    return this.authors;
  }

  /** Yjs's encoding of what a transaction changed (listened to only while applying step 2s and server writes). */
  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.accepted(update, encodeUpdate(update), origin === SERVER_ORIGIN ? null : (origin as Connection));
  };

  /** Stores, then broadcasts, an accepted change; `frame` is the message that carries `update` to peers. */
  private accepted(update: Uint8Array, frame: Uint8Array, from: Connection | null): void {
    this.fullState = null;
    const addedMessages = this.addedMessages;
    this.addedMessages = [];
    const authors = this.authors;
    if (authors !== null) addedMessages.forEach((m) => remember(authors, m));
    const writer = from?.userId ?? null;
    const claims = this.pendingClaims;
    this.pendingClaims = [];
    this.journal.append({ conversationId: this.conversationId, seq: ++this.seq, update, writerUserId: writer, claims });
    this.tail++;
    this.broadcast(frame, from);
    this.options.onAppended(this, { writer, addedMessages });
  }

  private claim(clients: number[], userId: string | null): void {
    for (const c of clients) this.owners.set(c, userId ?? SERVER_OWNER);
  }

  /** Sends once everything already accepted is durable. */
  send(conn: Connection, data: Uint8Array | MessageParts): void {
    this.journal.afterDurable(this.conversationId, () => {
      if (!conn.closed) conn.socket.send(data);
    });
  }

  /** Sends to every connection but `except` once everything accepted is durable (one wait for all of them). */
  broadcast(data: Uint8Array, except: Connection | null = null): void {
    if (this.connections.size === 0 || (this.connections.size === 1 && except !== null && this.connections.has(except))) return;
    const targets = [...this.connections];
    this.journal.afterDurable(this.conversationId, () => {
      for (const conn of targets) if (conn !== except && !conn.closed) conn.socket.send(data);
    });
  }

  /**
   * Adds a connection and opens the sync: our state vector, then who is present. A room that can
   * answer a new device from its stored snapshot sends its state vector once loaded, which is
   * soon (loadDeferMs at the latest).
   */
  join(conn: Connection): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.connections.add(conn);
    if (this.answersUnloaded) {
      this.ungreeted.push(conn);
      this.loadTimer ??= setTimeout(() => this.loadQuietly(), this.options.loadDeferMs);
    } else this.greet(conn);
  }

  private greet(conn: Connection): void {
    this.send(conn, encodeStep1(Y.encodeStateVector(this.doc)));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) this.send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present)));
  }

  /** Removes a connection and its awareness states; true when the room is now empty. */
  leave(conn: Connection): boolean {
    if (!this.connections.delete(conn)) return this.connections.size === 0;
    this.answeredUnloaded.delete(conn);
    const ids = [...conn.awarenessIds].filter((id) => this.awareness.getStates().has(id));
    if (ids.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, conn);
      this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
    }
    return this.connections.size === 0;
  }

  /** The answer to a peer's step 1. Throws on a malformed state vector. */
  answerStep1(conn: Connection, stateVector: Uint8Array): void {
    if (!isEmptyStateVector(stateVector)) return this.send(conn, encodeStep2(Y.encodeStateAsUpdate(this.doc, stateVector)));
    if (this.answersUnloaded) {
      // Everything stored is durable already: the answer need not wait for the journal.
      this.answeredUnloaded.add(conn);
      conn.socket.send(step2Parts(this.fullState as Uint8Array));
      conn.socket.written(() => this.loadQuietly());
      return;
    }
    this.send(conn, step2Parts((this.fullState ??= Y.encodeStateAsUpdate(this.doc))));
  }

  /**
   * Validates and, when every rule holds, applies (which appends and broadcasts) an update.
   * `frame`, for a live update message, is that message as received: peers get it as is, and the
   * update is stored as sent (it holds exactly the sender's transaction), so Yjs need not encode the
   * change again. Step 2s (which may repeat what the room has) are re-encoded by Yjs.
   */
  applyClientUpdate(conn: Connection, update: Uint8Array, frame?: Uint8Array): Verdict {
    // Nothing to apply: whatever passes adds nothing the room does not have.
    if (this.options.readOnly) return checkReadOnly(update, this.doc, this.options.limits.maxUpdateBytes);
    const verdict = validateUpdate(update, conn.userId, this.view, { ...this.options.limits, now: Date.now() });
    if (!verdict.ok) return verdict;
    this.claim(verdict.claims, conn.userId);
    this.pendingClaims = verdict.claims;
    this.addedMessages = verdict.messages;
    try {
      return this.apply(conn, update, frame) ? verdict : { ok: false, code: 4400, reason: 'update left pending structs' };
    } finally {
      this.pendingClaims = [];
      this.addedMessages = [];
    }
  }

  /** Applies a validated update (accepting it when it changed anything); false when Yjs left it pending. */
  private apply(conn: Connection, update: Uint8Array, frame: Uint8Array | undefined): boolean {
    let changed = false;
    const detect = (tr: Y.Transaction) => (changed = transactionChanged(tr));
    const doc = this.doc;
    doc.on(frame ? 'afterTransaction' : 'update', frame ? detect : this.onDocUpdate);
    try {
      Y.applyUpdate(doc, update, conn);
    } finally {
      doc.off('afterTransaction', detect);
      doc.off('update', this.onDocUpdate);
    }
    const store = doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      // Validation should make this impossible; never keep half-applied state around.
      store.pendingStructs = null;
      store.pendingDs = null;
      return false;
    }
    if (frame && changed) this.accepted(update, frame, conn);
    return true;
  }

  /** Rewrites, applies and relays an awareness update; false when it is malformed. */
  applyAwareness(conn: Connection, update: Uint8Array): boolean {
    const newClaims: number[] = [];
    const entries = rewriteAwareness(update, conn.userId, (clientId) => {
      // The server's own id (its writes, its signals) is never a client's, even before it first writes.
      if (clientId === this.ydoc.clientID) return false;
      const owner = this.owners.get(clientId);
      if (owner !== undefined) return owner === conn.userId && (conn.awarenessIds.has(clientId) || conn.awarenessIds.size < MAX_AWARENESS_IDS);
      if (Y.getState(this.doc.store, clientId) > 0 || conn.awarenessIds.size >= MAX_AWARENESS_IDS) return false;
      // First use of this id anywhere in the room: it is this user's from now on.
      this.owners.set(clientId, conn.userId);
      newClaims.push(clientId);
      return true;
    });
    if (entries === null) return false;
    if (newClaims.length > 0) {
      this.journal.append({ conversationId: this.conversationId, seq: null, update: null, writerUserId: conn.userId, claims: newClaims });
    }
    if (entries.length === 0) return true;
    for (const e of entries) conn.awarenessIds.add(e.clientId);
    const rewritten = encodeAwarenessEntries(entries);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, rewritten, conn);
    this.broadcast(encodeAwareness(rewritten), conn);
    return true;
  }

  /** Every current awareness state, for a peer that asked. */
  sendAwareness(conn: Connection): void {
    const present = [...this.awareness.getStates().keys()];
    this.send(conn, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, present)));
  }

  /**
   * Merges `state` into the server's own awareness state (client id = the doc's) and sends it to
   * every socket: ephemeral signals, never stored.
   */
  signal(state: Record<string, unknown>): void {
    this.awareness.setLocalState({ ...this.awareness.getLocalState(), ...state });
    this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.ydoc.clientID])));
  }

  /** Runs `write` as the server-owned client: persisted and broadcast like any accepted update. */
  writeAsServer<T>(write: (doc: Y.Doc) => T): T {
    const client = this.doc.clientID;
    if (!this.owners.has(client)) {
      if (Y.getState(this.doc.store, client) > 0) throw new Error('server client id already in use');
      this.claim([client], null);
      this.pendingClaims = [client];
    }
    this.doc.on('update', this.onDocUpdate);
    try {
      return Y.transact(this.doc, () => write(this.doc), SERVER_ORIGIN);
    } finally {
      this.doc.off('update', this.onDocUpdate);
      this.pendingClaims = [];
      this.addedMessages = [];
    }
  }

  destroy(): void {
    this.destroyed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.loadTimer) clearTimeout(this.loadTimer);
    this.idleTimer = null;
    this.loadTimer = null;
    this.waiting = [];
    this.awareness.destroy();
    this.ydoc.destroy();
  }
}

/** Notes a message's author, the first time its id is seen (a later message cannot take the id over). */
function remember(authors: Map<string, string>, message: unknown): void {
  if (message && typeof message === 'object') {
    const { id, author } = message as { id?: unknown; author?: unknown };
    if (typeof id === 'string' && typeof author === 'string' && !authors.has(id)) authors.set(id, author);
  }
}

/** One varint 0: the state vector of a peer that holds nothing. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.length === 1 && stateVector[0] === 0;
}

/** Whether a transaction changed the document: new structs from some client, or new deletions. */
function transactionChanged(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true;
  return false;
}
