import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccounts } from './accounts/index.js';
import type { AccountsContext } from './accounts/context.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import { startCheckpointer } from './db/checkpointer.js';
import { openDatabase, type Db } from './db/database.js';
import { EventBus } from './events.js';
import { createLogger, type Logger } from './logger.js';
import { Mailer } from './mail/mailer.js';
import { Metrics } from './metrics/registry.js';
import { createTransport } from './mail/transport.js';
import { createAttachments, type AttachmentsContext } from './attachments/index.js';
import { createMessaging, type MessagingContext } from './messaging/index.js';
import { LastSeen } from './messaging/last-seen.js';
import { createSocial, type Presence, type SocialContext } from './social/index.js';
import { OnlineUsers } from './social/presence.js';
import { bridgeNotificationsToInbox } from './sync/inbox-bridge.js';
import { signalInboxes } from './sync/inbox-signals.js';
import { bridgeMembershipToSync } from './sync/membership-bridge.js';
import { SyncServer } from './sync/sync-server.js';

/** A running Parley server and what tests and the CLI may need from it. */
export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  db: Db;
  events: EventBus;
  accounts: AccountsContext;
  social: SocialContext;
  messaging: MessagingContext;
  attachments: AttachmentsContext;
  /** Websocket sync rooms at /sync/<conversationId>; closing a user's sockets. */
  sync: SyncServer;
  /** Who has a live sync socket, as friend lists and missed-message mail see it. */
  presence: Presence;
  mailer: Mailer;
  metrics: Metrics;
  log: Logger;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Opens the database, wires every capability and listens on `config.host:config.port`. */
export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const db = openDatabase(config.dataDir, config.sqliteSynchronous);
  const events = new EventBus((event, err) => log.error({ err, event }, 'event listener failed'));
  const mailer = new Mailer(db, createTransport(config, log), log, { retryBaseMs: config.mailRetryBaseMs });
  const accounts = createAccounts(config, db, mailer, events);
  const metrics = new Metrics();
  const checkpointer = startCheckpointer(db, {
    onCheckpoint: ({ frames, seconds }) => {
      metrics.checkpointFrames.inc(frames);
      metrics.checkpointDuration.observe(seconds);
    },
    onError: (err) => log.error({ err }, 'background WAL checkpointer failed: SQLite checkpoints on commit again'),
  });
  // Both follow the sync server's presence events.
  const presence = new OnlineUsers(events);
  const lastSeen = new LastSeen(presence, events, { awayMs: config.missedMailOfflineMs });
  const social = createSocial({ db, users: accounts.users, events, mailer, appUrl: config.publicUrl, presence });
  // The sync server attaches to the HTTP server, and messaging (mounted in the app) writes through it.
  const server = createServer();
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  const sync = new SyncServer({
    http: server,
    db,
    sessions: accounts.sessions,
    events,
    log,
    observer: metrics.syncObserver(),
    rooms: {
      exists: (id) => social.conversationsStore.conversationExists(id),
      isMember: (id, userId) => social.conversationsStore.isMember(id, userId),
      acceptsMessages: (id) => social.conversationFacts.acceptsMessages(id),
      mayAttach: (id, userId, attachment) => attachments.service.mayAttachRecord(userId, id, attachment),
    },
    options: {
      maxMessageBytes: config.syncMaxMessageBytes,
      roomIdleMs: config.syncRoomIdleMs,
      unloadCompactUpdates: config.syncUnloadCompactUpdates,
      loadDeferMs: config.syncLoadDeferMs,
      allowedOrigins: config.syncAllowedOrigins,
      messagesPerSecond: config.syncRateMessages,
      bytesPerSecond: config.syncRateBytes,
      sessionCheckMs: config.syncSessionCheckMs,
    },
  });
  metrics.trackSync(() => sync.stats());
  const attachments = createAttachments({
    db,
    dataDir: config.dataDir,
    maxBytes: config.attachmentMaxBytes,
    sync,
    users: accounts.users,
    groups: social.groups,
    avatarMaxBytes: config.avatarMaxBytes,
    imageMaxPixels: config.imageMaxPixels,
    events,
  });
  const messaging = createMessaging({ db, sync, social, users: accounts.users, events, log, appUrl: config.publicUrl, attachments: attachments.service, lastSeen });
  const app = createApp({ config, db, log, accounts, social, messaging, attachments, metrics, sync });
  server.on('request', app.callback());
  const unbridge = [
    bridgeMembershipToSync(events, sync),
    bridgeNotificationsToInbox(events, sync, log),
    signalInboxes({
      events,
      signal: (room, state) => sync.signal(room, state),
      // The facts cache subscribed to membership events first (in createSocial), so it has forgotten by the time a signal asks.
      members: (id) => social.conversationFacts.get(id)?.memberIds ?? [],
      friends: (id) => social.friendsStore.friendsOf(id).map((f) => f.userId),
      peers: (id) => social.conversationsStore.peersOf(id),
    }),
    () => presence.destroy(),
  ];
  const drain = drainOnClose(server);
  await listen(server, config.port, config.host);
  mailer.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url, dataDir: config.dataDir, mail: config.mail.mailgun ? 'mailgun' : 'outbox' }, 'parley listening');

  let closing: Promise<void> | undefined;
  const close = (graceMs = 10_000) =>
    (closing ??= (async () => {
      drain();
      // Index what is accepted so far; the few updates still arriving are caught up on the next start.
      sync.flush();
      messaging.indexer.flush();
      messaging.destroy();
      attachments.destroy();
      await sync.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(force);
      unbridge.forEach((off) => off());
      social.destroy();
      await mailer.stop();
      await checkpointer.stop();
      db.close();
      log.info('parley stopped');
    })());

  return { url, port, config, db, events, accounts, social, messaging, attachments, sync, presence, mailer, metrics, log, close };
}

/**
 * Once the returned function is called, every response not yet sent ends its connection
 * (`Connection: close`) and connections are closed as soon as they fall idle: keep-alive clients can
 * neither hold the server open until keepAliveTimeout nor send it new requests while it drains.
 */
function drainOnClose(server: Server): () => void {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const endConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (draining) endConnection(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    draining = true;
    for (const res of inFlight) endConnection(res);
  };
}

/**
 * Pending connections the kernel may queue for us (capped by net.core.somaxconn). Node's default,
 * 511, overflows when hundreds of clients reconnect at once after a restart or a network blip: the
 * dropped SYNs are retried only after a second, which is most of such a storm's time.
 */
const LISTEN_BACKLOG = 4096;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
