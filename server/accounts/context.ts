import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events.js';
import type { Mailer } from '../mail/mailer.js';
import type { Mfa } from './mfa.js';
import type { OneTimeTokensStore } from './one-time-tokens-store.js';
import type { Passwords } from './passwords.js';
import type { RateLimits } from './rate-limits.js';
import type { Sessions } from './sessions.js';
import type { UsersStore } from './users-store.js';

/** Everything the account services share, built once in `createAccounts`. */
export interface AccountsContext {
  config: Config;
  db: Db;
  users: UsersStore;
  tokens: OneTimeTokensStore;
  sessions: Sessions;
  passwords: Passwords;
  mfa: Mfa;
  limits: RateLimits;
  mailer: Mailer;
  events: EventBus;
}

export const HOUR = 3600_000;
