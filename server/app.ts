import Koa from 'koa';
import { Router } from '@koa/router';
import { accountRoutes } from './accounts/index.js';
import { AuditStore } from './admin/audit-store.js';
import { mountConversationsAdmin } from './admin/index.js';
import { requireAdmin } from './admin/require-admin.js';
import { usersAdminRoutes } from './admin/users-admin-routes.js';
import type { AccountsContext } from './accounts/context.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { healthRoutes } from './health/routes.js';
import { authenticate } from './http/authenticate.js';
import { mountDocs } from './http/docs.js';
import { mountLinkPages } from './http/link-pages.js';
import { serveRenderer } from './http/renderer.js';
import { errorMiddleware } from './http/error-middleware.js';
import { buildOpenApi } from './http/openapi.js';
import { requestContext } from './http/request-context.js';
import { Api } from './http/route.js';
import { securityHeaders } from './http/security-headers.js';
import type { AppState } from './http/state.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/registry.js';
import { httpMetrics, mountMetrics } from './metrics/routes.js';
import { mountAttachments, type AttachmentsContext } from './attachments/index.js';
import { messagingRoutes, type MessagingContext } from './messaging/index.js';
import { socialRoutes, type SocialContext } from './social/index.js';
import type { SyncServer } from './sync/sync-server.js';
import { VERSION } from './version.js';

export interface AppDeps {
  config: Config;
  db: Db;
  log: Logger;
  accounts: AccountsContext;
  social: SocialContext;
  messaging: MessagingContext;
  attachments: AttachmentsContext;
  metrics: Metrics;
  sync: SyncServer;
}

/** The Koa application: middleware in order, then every capability's routes under /api/v1. */
export function createApp(deps: AppDeps): Koa<AppState> {
  const app = new Koa<AppState>({ proxy: deps.config.trustProxy });
  const api = new Api(new Router<AppState>({ prefix: '/api/v1' }), authenticate(deps.accounts.sessions), requireAdmin(deps.accounts.users), {
    bodyLimitBytes: deps.config.bodyLimitBytes,
  });

  healthRoutes(api, deps.db, VERSION);
  accountRoutes(api, deps.accounts, deps.social.hiddenFrom);
  socialRoutes(api, deps.social);
  messagingRoutes(api, deps.messaging);
  mountAttachments(api, deps.attachments);
  usersAdminRoutes(api, deps.accounts, new AuditStore(deps.db));
  mountConversationsAdmin(api, deps);

  const openapi = buildOpenApi(api.specs, { version: VERSION });
  api.router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  const docs = new Router<AppState>();
  mountDocs(docs);
  mountLinkPages(docs);
  mountMetrics(docs, deps.metrics, deps.config.metricsToken);

  app.use(requestContext(deps.log));
  app.use(httpMetrics(deps.metrics));
  app.use(errorMiddleware());
  app.use(securityHeaders());
  // Authenticated requests count as being around (missed-message mail waits for users who are away).
  app.use(deps.messaging.lastSeen.middleware());
  app.use(api.router.routes());
  app.use(api.router.allowedMethods({ throw: true }));
  app.use(docs.routes());
  // The web client (the built desktop renderer) at `/`, when it has been built.
  const renderer = serveRenderer();
  if (renderer) app.use(renderer);
  // Koa's own 'error' event would print stack traces for errors we already answered.
  app.silent = true;
  return app;
}
