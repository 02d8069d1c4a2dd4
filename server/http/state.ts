import type { Logger } from '../logger.js';

/** The authenticated caller, set by the `authenticate` middleware. */
export interface AuthInfo {
  userId: string;
  sessionId: string;
}

/** `ctx.state` for every request. */
export interface AppState {
  requestId: string;
  log: Logger;
  auth?: AuthInfo;
}
