/**
 * What this device keeps per account besides the conversation docs: small JSON caches (profile,
 * conversation list, friends) so every screen renders offline, and the names of the IndexedDB
 * databases holding the docs. Logout wipes all of it for that account.
 */

const cachePrefix = (userId: string) => `parley.cache.${userId}.`;
const pendingPrefix = (userId: string) => `parley.pending.${userId}.`;
const DOC_DB_PREFIX = 'parley-doc-';

/** The IndexedDB database name of a conversation doc, per account (two accounts never share one). */
export function docDbName(userId: string, conversationId: string): string {
  return `${DOC_DB_PREFIX}${userId}-${conversationId}`;
}

/** The cached value of `key` for `userId`, or null. */
export function readCache<T>(userId: string, key: string): T | null {
  try {
    const raw = localStorage.getItem(cachePrefix(userId) + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Caches `value` under `key` for `userId` (best effort: a full quota only costs the cache). */
export function writeCache(userId: string, key: string, value: unknown): void {
  try {
    localStorage.setItem(cachePrefix(userId) + key, JSON.stringify(value));
  } catch {
    // quota exceeded or storage disabled: the app still works online
  }
}

/** The localStorage key of a conversation's pending (not yet synced) message ids. */
export function pendingKey(userId: string, conversationId: string): string {
  return `${pendingPrefix(userId)}${conversationId}`;
}

/** A random id of this browser profile / app install, used for per-device read receipts. */
export function deviceId(): string {
  const KEY = 'parley.device';
  let id = localStorage.getItem(KEY);
  if (!id || !/^[\w-]{1,64}$/.test(id)) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(KEY, id);
  }
  return id;
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  });
}

/** Deletes every cache, pending list and conversation doc this device holds for `userId`. */
export async function wipeAccountData(userId: string): Promise<void> {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(cachePrefix(userId)) || key.startsWith(pendingPrefix(userId))) localStorage.removeItem(key);
  }
  if (typeof indexedDB === 'undefined') return;
  const names = new Set<string>(readOpened(userId));
  if (typeof indexedDB.databases === 'function') {
    for (const db of await indexedDB.databases()) if (db.name?.startsWith(`${DOC_DB_PREFIX}${userId}-`)) names.add(db.name);
  }
  await Promise.all([...names].map(deleteDatabase));
  localStorage.removeItem(openedKey(userId));
}

const openedKey = (userId: string) => `parley.docs.${userId}`;

function readOpened(userId: string): string[] {
  try {
    return JSON.parse(localStorage.getItem(openedKey(userId)) ?? '[]') as string[];
  } catch {
    return [];
  }
}

/** Remembers that a doc database exists for `userId` (for browsers without indexedDB.databases()). */
export function rememberDocDb(userId: string, name: string): void {
  const opened = readOpened(userId);
  if (!opened.includes(name)) localStorage.setItem(openedKey(userId), JSON.stringify([...opened, name]));
}
