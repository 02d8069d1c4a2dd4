import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Api } from '../http/route.js';
import type { Mailer } from '../mail/mailer.js';
import { AccessTokens } from './access-tokens.js';
import { authRoutes } from './auth-routes.js';
import type { AccountsContext } from './context.js';
import { Mfa } from './mfa.js';
import { mfaRoutes } from './mfa-routes.js';
import { OneTimeTokensStore } from './one-time-tokens-store.js';
import { Passwords } from './passwords.js';
import { RateLimits } from './rate-limits.js';
import { Sessions } from './sessions.js';
import { SessionsStore } from './sessions-store.js';
import { UsersStore } from './users-store.js';
import { usersRoutes, type SearchExclusions } from './users-routes.js';

/** Builds the accounts capability: stores, services and the shared context. */
export function createAccounts(config: Config, db: Db, mailer: Mailer, events: EventBus): AccountsContext {
  const users = new UsersStore(db);
  const tokens = new OneTimeTokensStore(db);
  const limits = new RateLimits(config.rateLimitScale);
  return {
    config,
    db,
    users,
    tokens,
    limits,
    mailer,
    events,
    passwords: new Passwords(config.bcryptCost),
    sessions: new Sessions(db, new SessionsStore(db), new AccessTokens(config.jwtSecret, config.accessTokenTtl), config.refreshTokenTtl, events),
    mfa: new Mfa(users, tokens, limits),
  };
}

/** Mounts every account route. */
export function accountRoutes(api: Api, acc: AccountsContext, hiddenFrom?: SearchExclusions): void {
  authRoutes(api, acc);
  usersRoutes(api, acc, hiddenFrom);
  mfaRoutes(api, acc);
}
