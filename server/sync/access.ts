import type { IncomingMessage } from 'node:http';
import { inboxRoom, INBOX_ROOM_PREFIX } from '../../shared/doc/inbox.js';
import type { AttachmentRecord } from '../../shared/doc/schema.js';

/**
 * Who may open a room: token (through the sessions service), membership (through the injected
 * RoomDirectory) and Origin (allowlist). Answers with the HTTP status of a refused upgrade.
 */

/** Membership as the sync server sees it; the social graph implements it. */
export interface RoomDirectory {
  exists(conversationId: string): boolean;
  isMember(conversationId: string, userId: string): boolean;
  /**
   * Whether the conversation takes new messages (false: a direct chat between ex-friends, an
   * archived group). Updates adding messages are then refused with 4403. Absent: always.
   */
  acceptsMessages?(conversationId: string): boolean;
  /** Whether `userId` may put this attachment record into a new message here. Absent: any. */
  mayAttach?(conversationId: string, userId: string, attachment: AttachmentRecord): boolean;
}

/** Resolves an access token to its live session, or throws (any error means 401). */
export interface SessionAuthenticator {
  authenticate(accessToken: string): { userId: string; sessionId: string };
  /** Whether the session still stands (not revoked, not expired, account active). */
  isLive(sessionId: string, userId: string): boolean;
}

export type Admission =
  | { ok: true; userId: string; sessionId: string; conversationId: string }
  | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

export const SYNC_PATH_PREFIX = '/sync/';
const CONVERSATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TOKEN_LENGTH = 4096;

/** True for request URLs this server answers (`/sync/...`). */
export function isSyncPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith(SYNC_PATH_PREFIX);
}

/** An Origin allowlist; `*` allows any. Requests without Origin (non-browser clients) always pass. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes('*') || allowed.includes(origin);
}

/**
 * Decides an upgrade request, in the order: 400 path, 403 origin, 401 token, 404 room, 403 membership.
 * `/sync/<conversationId>` is a conversation; `/sync/inbox/<userId>` is that user's inbox, only theirs.
 * The admitted `conversationId` is the room name (`inbox/<userId>` for an inbox).
 */
export function admit(
  req: IncomingMessage,
  deps: { sessions: SessionAuthenticator; rooms: RoomDirectory; allowedOrigins: readonly string[] },
): Admission {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return { ok: false, status: 400, reason: 'malformed url' };
  }
  const path = url.pathname.slice(SYNC_PATH_PREFIX.length);
  const inboxOf = path.startsWith(INBOX_ROOM_PREFIX) ? path.slice(INBOX_ROOM_PREFIX.length) : null;
  const conversationId = inboxOf ?? path;
  if (!CONVERSATION_ID.test(conversationId)) return { ok: false, status: 400, reason: 'malformed conversation id' };
  if (!originAllowed(req.headers.origin, deps.allowedOrigins)) return { ok: false, status: 403, reason: 'origin not allowed' };
  const token = url.searchParams.get('token');
  if (!token || token.length > MAX_TOKEN_LENGTH) return { ok: false, status: 401, reason: 'missing token' };
  let auth: { userId: string; sessionId: string };
  try {
    auth = deps.sessions.authenticate(token);
  } catch {
    return { ok: false, status: 401, reason: 'invalid token' };
  }
  const id = conversationId.toLowerCase();
  if (inboxOf !== null) {
    if (id !== auth.userId) return { ok: false, status: 403, reason: 'another user’s inbox' };
    return { ok: true, userId: auth.userId, sessionId: auth.sessionId, conversationId: inboxRoom(id) };
  }
  if (!deps.rooms.exists(id)) return { ok: false, status: 404, reason: 'unknown room' };
  if (!deps.rooms.isMember(id, auth.userId)) return { ok: false, status: 403, reason: 'not a member' };
  return { ok: true, userId: auth.userId, sessionId: auth.sessionId, conversationId: id };
}
