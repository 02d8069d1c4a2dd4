import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/doc/index.js';
import { latestMessagesOf, lastMessageOf, newest, reportLatest } from '../../desktop/renderer/screens/chats/latest-messages.js';
import { sameIds, TYPING_FRESH_MS, typingNow } from '../../desktop/renderer/sync/typing.js';

/** The small pieces of renderer state that decide when screens re-render or reload. */

const NOW = 1_000_000;

describe('typingNow: who else is typing, from awareness states', () => {
  const states = new Map<number, unknown>([
    [1, { user: { id: 'me' }, typing: NOW - 10 }], // this client
    [2, { user: { id: 'me' }, typing: NOW - 10 }], // my other device
    [3, { user: { id: 'bob' }, typing: NOW - 1000 }],
    [4, { user: { id: 'amy' }, typing: NOW - 5000 }],
    [5, { user: { id: 'old' }, typing: NOW - TYPING_FRESH_MS }], // just gone stale
    [6, { user: { id: 'idle' }, typing: null }],
    [7, { typing: NOW }], // no server-set user
    [8, null],
  ]);

  it('lists other users with a fresh mark, sorted, and when the soonest goes stale', () => {
    expect(typingNow(states, 1, 'me', NOW)).toEqual({ ids: ['amy', 'bob'], staleAt: NOW - 5000 + TYPING_FRESH_MS });
  });

  it('answers nobody, and no time to look again, when nobody types', () => {
    expect(typingNow(new Map([[6, { user: { id: 'idle' }, typing: null }]]), 1, 'me', NOW)).toEqual({ ids: [], staleAt: null });
    expect(typingNow(states, 1, 'me', NOW + TYPING_FRESH_MS)).toEqual({ ids: [], staleAt: null });
  });

  it('compares answers by value, so an unchanged list keeps the previous one (no re-render)', () => {
    expect(sameIds(['amy', 'bob'], typingNow(states, 1, 'me', NOW).ids)).toBe(true);
    expect(sameIds(['amy'], ['amy', 'bob'])).toBe(false);
    expect(sameIds(['amy', 'bob'], ['bob', 'amy'])).toBe(false);
  });
});

describe('latest messages: what the open chat tells the conversation list', () => {
  const view = (over: Partial<MessageView>): MessageView => ({ id: 'm1', author: 'a', text: 'hello', createdAt: NOW, deleted: false, ...over }) as MessageView;

  it('keeps one store per signed-in account and tells subscribers only of real changes', () => {
    const account = { userId: 'u-once' };
    const store = latestMessagesOf(account);
    expect(latestMessagesOf(account)).toBe(store);
    expect(latestMessagesOf({ userId: 'u-other' })).not.toBe(store);
    let told = 0;
    store.subscribe(() => told++);
    reportLatest(store, 'c1', lastMessageOf(view({})));
    reportLatest(store, 'c1', lastMessageOf(view({})));
    expect(told).toBe(1);
    reportLatest(store, 'c1', lastMessageOf(view({ deleted: true, text: '' })));
    expect(told).toBe(2);
    expect(store.get().get('c1')).toEqual({ id: 'm1', author: 'a', text: '', createdAt: new Date(NOW).toISOString(), deleted: true });
  });

  it('keeps what it was told in the account cache: a restart (new account object) starts from it, another user does not', () => {
    // The browser's storage, as the renderer has it (Node has none).
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    Object.assign(globalThis, { localStorage: storage });
    try {
      reportLatest(latestMessagesOf({ userId: 'u-kept' }), 'c1', lastMessageOf(view({ id: 'offline', text: 'written offline' })));
      expect(latestMessagesOf({ userId: 'u-kept' }).get().get('c1')?.text).toBe('written offline');
      expect(latestMessagesOf({ userId: 'u-else' }).get().size).toBe(0);
    } finally {
      Reflect.deleteProperty(globalThis, 'localStorage');
    }
  });

  it("shows the later of the server's and this device's last message, the server's on a tie", () => {
    const server = lastMessageOf(view({ id: 's' }));
    const later = lastMessageOf(view({ id: 'l', createdAt: NOW + 1 }));
    const same = lastMessageOf(view({ id: 'same' }));
    expect(newest(server, later)).toBe(later);
    expect(newest(later, server)).toBe(later);
    expect(newest(server, same)).toBe(server);
    expect(newest(undefined, same)).toBe(same);
    expect(newest(server, undefined)).toBe(server);
  });
});
