import type { PublicUser, SelfUser } from '../../shared/api/accounts.js';
import { isoTime } from '../../shared/api/common.js';
import type { UserRow } from './users-store.js';

/** The account as its owner sees it. */
export function selfView(u: UserRow): SelfUser {
  return {
    ...publicView(u),
    email: u.email,
    emailVerified: u.email_verified_at !== null,
    mfaEnabled: u.mfa_secret !== null,
    isAdmin: u.is_admin === 1,
  };
}

/** The account as anyone else sees it: no email, no security settings. */
export function publicView(u: UserRow): PublicUser {
  return { id: u.id, username: u.username, displayName: u.display_name, bio: u.bio, avatarId: u.avatar_id, createdAt: isoTime(u.created_at) };
}
