import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/sync/close-codes.js';
import { Store } from '../lib/store.js';
import { wsUrl } from '../../../shared/server-url.js';
import { docDbName, rememberDocDb } from '../session/local-data.js';
import { SessionEndedError } from '../session/tokens.js';
import { PendingSet } from './pending.js';
import { loadQuietly } from './quiet-load.js';
import { nextSyncState, stopReason, type SyncEvent, type SyncState } from './sync-state.js';

/** Where access tokens come from (the session's TokenKeeper). */
export interface TokenSource {
  fresh(): Promise<string>;
  refresh(): Promise<string>;
}

export interface OpenOptions {
  serverUrl: string;
  conversationId: string;
  userId: string;
  tokens: TokenSource;
}

/** One open conversation: its doc, kept in IndexedDB and synced through the server while online. */
export interface ConversationSync {
  readonly doc: Y.Doc;
  readonly state: Store<SyncState>;
  /** Ids of own messages written while not online; cleared once the doc is in sync again. */
  readonly pending: PendingSet;
  /** Resolves once the local copy (IndexedDB) is loaded: from then on, messages show offline too. */
  readonly loaded: Promise<void>;
  readonly provider: WebsocketProvider;
  /** Undoes everything open did: sockets, listeners, timers, the doc. */
  destroy(): Promise<void>;
}

const RETRY_MS = 3000;
const RATE_LIMIT_PAUSE_MS = 5000;

/**
 * Opens a conversation doc: y-indexeddb first (offline-first: the local copy shows at once),
 * then a y-websocket provider to `/sync/<conversationId>` with a fresh access token, following
 * the browser's online/offline state. A socket closed for lost membership (4403) or a gone room
 * stops for good with a reason; a closed session (4401) refreshes the token once and reconnects.
 */
export function openConversation(options: OpenOptions): ConversationSync {
  const { serverUrl, conversationId, userId, tokens } = options;
  const doc = new Y.Doc();
  const dbName = docDbName(userId, conversationId);
  rememberDocDb(userId, dbName);
  const local = new IndexeddbPersistence(dbName, doc);
  const provider = new WebsocketProvider(wsUrl(serverUrl, '/sync'), conversationId, doc, {
    connect: false,
    params: { token: '' },
    // Tabs of one origin may hold different accounts: every tab syncs through the server only.
    disableBc: true,
    maxBackoffTime: 5000,
  });
  const state = new Store<SyncState>(navigator.onLine ? { kind: 'connecting' } : { kind: 'offline' });
  const pending = new PendingSet(userId, conversationId);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let destroyed = false;
  // The socket waits for the local copy: offline-first, and the load is never sent as one huge update.
  let localReady = false;

  const dispatch = (event: SyncEvent) => state.set((s) => nextSyncState(s, event));
  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const stop = (code: number, reason: string) => {
    provider.disconnect();
    dispatch({ type: 'stopped', code, reason });
  };

  const connect = async (token?: () => Promise<string>): Promise<void> => {
    if (destroyed || !localReady || state.get().kind === 'stopped' || !navigator.onLine) return;
    try {
      provider.params = { token: await (token ? token() : tokens.fresh()) };
    } catch (err) {
      if (err instanceof SessionEndedError) return stop(CloseCode.unauthorized, err.message);
      later(() => void connect(), RETRY_MS); // server unreachable: try again shortly
      return;
    }
    if (!destroyed && navigator.onLine && state.get().kind !== 'stopped') provider.connect();
  };

  provider.on('status', ({ status }) => dispatch({ type: 'socket', status }));
  provider.on('sync', (synced: boolean) => {
    if (synced) dispatch({ type: 'synced' });
  });
  provider.on('connection-close', () => {
    // The next attempt reads provider.params: keep the token fresh (an expired one is refused at upgrade).
    tokens.fresh().then(
      (token) => {
        provider.params = { token };
      },
      () => undefined,
    );
  });
  provider.on('closed', ({ code }) => {
    if (code === CloseCode.unauthorized) return void connect(() => tokens.refresh());
    if (code === CloseCode.rateLimited) return later(() => void connect(), RATE_LIMIT_PAUSE_MS);
    stop(code, stopReason(code) ?? `The server closed this conversation (code ${code}).`);
  });

  const online = () => {
    dispatch({ type: 'network', online: true });
    void connect();
  };
  const offline = () => {
    // Established sockets can outlive the network for a while; drop them now so the state is honest.
    provider.disconnect();
    dispatch({ type: 'network', online: false });
  };
  addEventListener('online', online);
  addEventListener('offline', offline);
  state.subscribe(() => {
    if (state.get().kind === 'online') pending.clear();
  });

  const loaded = loadQuietly(doc, local, provider).then(() => {
    localReady = true;
    void connect();
  });

  return {
    doc,
    state,
    pending,
    loaded,
    provider,
    destroy: async () => {
      destroyed = true;
      removeEventListener('online', online);
      removeEventListener('offline', offline);
      timers.forEach(clearTimeout);
      timers.clear();
      provider.destroy();
      await local.destroy();
      doc.destroy();
    },
  };
}
