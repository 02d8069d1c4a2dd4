import type { UsersStore, UserRow } from '../accounts/users-store.js';
import { notFound } from '../http/errors.js';

/** The active account with this username, or 404: deactivated accounts cannot be befriended or added. */
export function activeByUsername(users: UsersStore, username: string): UserRow {
  const user = users.byUsername(username);
  if (!user || user.deactivated_at !== null) throw notFound(`No user named ${username}`);
  return user;
}

/** The active account with this id, or 404. */
export function activeById(users: UsersStore, id: string): UserRow {
  const user = users.byId(id);
  if (!user || user.deactivated_at !== null) throw notFound('No such user');
  return user;
}

/** Rows by id, for assembling views of several people at once. */
export function usersById(users: UsersStore, ids: Iterable<string>): Map<string, UserRow> {
  return new Map(users.byIds([...new Set(ids)]).map((u) => [u.id, u]));
}

/** A pair in a fixed order (smaller id first), so either side names the same pair. */
export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

/** The key a pair is stored under: `<smaller id>:<larger id>`. */
export const pairKey = (a: string, b: string): string => orderedPair(a, b).join(':');

