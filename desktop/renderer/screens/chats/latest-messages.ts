import type { LastMessage } from '../../../../shared/api/social.js';
import type { MessageView } from '../../../../shared/doc/index.js';
import { Store } from '../../lib/store.js';
import { readCache, writeCache } from '../../session/local-data.js';

/** Conversation id → the newest message this device has in its copy of the doc. */
export type LatestMessages = Store<ReadonlyMap<string, LastMessage>>;

// One per signed-in account (its object), for as long as the account is signed in.
const perAccount = new WeakMap<object, LatestMessages>();
const CACHE_KEY = 'latest-messages';

/**
 * What the open chat tells the conversation list: the newest message of each conversation this
 * device has opened, so the list is right before the server reports it (offline writes, a server
 * list not reloaded yet). Kept in the account's local cache, so a restart while offline still shows
 * what was written offline (logging out clears it with the rest of the account's data).
 */
export function latestMessagesOf(account: { userId: string }): LatestMessages {
  const known = perAccount.get(account);
  if (known) return known;
  const kept = readCache<Array<[string, LastMessage]>>(account.userId, CACHE_KEY) ?? [];
  const store: LatestMessages = new Store<ReadonlyMap<string, LastMessage>>(new Map(kept));
  store.subscribe(() => writeCache(account.userId, CACHE_KEY, [...store.get()]));
  perAccount.set(account, store);
  return store;
}

/** A message of the doc in the shape the server reports a conversation's last message in. */
export function lastMessageOf(m: MessageView): LastMessage {
  return { id: m.id, author: m.author, text: m.deleted ? '' : m.text, createdAt: new Date(m.createdAt).toISOString(), deleted: m.deleted };
}

/** Records `last` as the newest message of `conversationId` (a change only when it is another message or text). */
export function reportLatest(store: LatestMessages, conversationId: string, last: LastMessage): void {
  const known = store.get().get(conversationId);
  if (known && known.id === last.id && known.text === last.text && known.deleted === last.deleted) return;
  store.set((map) => new Map(map).set(conversationId, last));
}

/** The later of the server's last message and the one this device saw (the server's wins a tie). */
export function newest(server: LastMessage | undefined, local: LastMessage | undefined): LastMessage | undefined {
  if (!local) return server;
  if (!server) return local;
  return Date.parse(local.createdAt) > Date.parse(server.createdAt) ? local : server;
}
