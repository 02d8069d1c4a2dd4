import type { UsersStore } from '../accounts/users-store.js';

/** Looks up the username of a user id; null for ids with no account (the server's own writes, deleted users). */
export type UsernameOf = (userId: string) => string | null;

/**
 * Usernames for one admin answer, the one way admin code names users: names the caller already has
 * are used as they are, the ids known up front are fetched together in one query, any other is
 * fetched when first asked for, and none twice.
 */
export function usernameLookup(
  users: Pick<UsersStore, 'byIds'>,
  upfront: Iterable<string | null> = [],
  names: Iterable<readonly [string, string | null]> = [],
): UsernameOf {
  const known = new Map<string, string | null>(names);
  const load = (ids: Iterable<string | null>) => {
    const missing = [...new Set(ids)].filter((id): id is string => id !== null && !known.has(id));
    if (missing.length === 0) return;
    for (const id of missing) known.set(id, null);
    for (const user of users.byIds(missing)) known.set(user.id, user.username);
  };
  load(upfront);
  return (userId) => {
    load([userId]);
    return known.get(userId) ?? null;
  };
}
