/** Websocket close codes of the sync server, shared by server and clients (HTTP status + 4000). */
export const CloseCode = {
  /** An update or message broke a validation rule (bad bytes, foreign ids, schema, unknown type). */
  invalidUpdate: 4400,
  /** The session ended (logout, revocation, password change, deactivation). */
  unauthorized: 4401,
  /** The user is no longer a member of the conversation. */
  forbidden: 4403,
  /** The conversation no longer exists. */
  unknownRoom: 4404,
  /** A frame or update exceeded the configured size limits. */
  tooLarge: 4413,
  /** Too many messages or bytes per second on one connection. */
  rateLimited: 4429,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
