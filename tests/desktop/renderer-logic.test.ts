import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/sync/close-codes.js';
import { matchRoute } from '../../desktop/renderer/lib/routes.js';
import { apiUrl, wsUrl } from '../../shared/server-url.js';
import { Store } from '../../desktop/renderer/lib/store.js';
import { dayLabel, differentDay, shortAgo } from '../../desktop/renderer/lib/time.js';
import { nextSyncState, stopReason, syncLabel, type SyncEvent, type SyncState } from '../../desktop/renderer/sync/sync-state.js';

const run = (events: SyncEvent[], from: SyncState = { kind: 'connecting' }) => events.reduce(nextSyncState, from);

describe('sync indicator state', () => {
  it('goes connecting → syncing → online as the socket opens and the first sync completes', () => {
    expect(run([{ type: 'socket', status: 'connected' }])).toEqual({ kind: 'syncing' });
    expect(run([{ type: 'socket', status: 'connected' }, { type: 'synced' }])).toEqual({ kind: 'online' });
  });

  it('shows offline while the network is down, whatever the socket does, and reconnects after', () => {
    const offline = run([{ type: 'socket', status: 'connected' }, { type: 'synced' }, { type: 'network', online: false }]);
    expect(offline).toEqual({ kind: 'offline' });
    expect(run([{ type: 'socket', status: 'connecting' }, { type: 'socket', status: 'disconnected' }], offline)).toEqual({ kind: 'offline' });
    expect(run([{ type: 'network', online: true }], offline)).toEqual({ kind: 'connecting' });
    expect(run([{ type: 'network', online: true }, { type: 'socket', status: 'connected' }, { type: 'synced' }], offline)).toEqual({ kind: 'online' });
  });

  it('drops back to connecting when the socket closes', () => {
    expect(run([{ type: 'socket', status: 'connected' }, { type: 'synced' }, { type: 'socket', status: 'disconnected' }])).toEqual({ kind: 'connecting' });
  });

  it('stays stopped once the server ended it', () => {
    const stopped = run([{ type: 'stopped', code: CloseCode.forbidden, reason: 'gone' }]);
    expect(run([{ type: 'network', online: true }, { type: 'socket', status: 'connected' }, { type: 'synced' }], stopped)).toBe(stopped);
    expect(syncLabel(stopped)).toBe('Not syncing');
  });

  it('explains terminal close codes and retries the rest', () => {
    expect(stopReason(CloseCode.forbidden)).toMatch(/no longer a member/);
    expect(stopReason(CloseCode.unknownRoom)).toMatch(/no longer exists/);
    expect(stopReason(CloseCode.invalidUpdate)).toMatch(/refused/);
    expect(stopReason(CloseCode.unauthorized)).toBeNull();
    expect(stopReason(CloseCode.rateLimited)).toBeNull();
  });
});

describe('renderer helpers', () => {
  it('matches client routes', () => {
    expect(matchRoute('/c/:id', '/c/abc-123')).toEqual({ id: 'abc-123' });
    expect(matchRoute('/c/:id', '/c/abc?x=1')).toEqual({ id: 'abc' });
    expect(matchRoute('/', '/')).toEqual({});
    expect(matchRoute('/c/:id', '/c')).toBeNull();
    expect(matchRoute('/friends', '/groups')).toBeNull();
    expect(matchRoute('/c/:id', '/c/%E0%A4%A')).toBeNull();
  });

  it('builds server URLs', () => {
    expect(wsUrl('https://chat.example.com', '/sync')).toBe('wss://chat.example.com/sync');
    expect(wsUrl('http://127.0.0.1:8080', '/sync')).toBe('ws://127.0.0.1:8080/sync');
    expect(apiUrl('https://chat.example.com', '/users/me')).toBe('https://chat.example.com/api/v1/users/me');
  });

  it('labels days and short times', () => {
    const now = new Date(2026, 4, 20, 15, 0).getTime();
    expect(dayLabel(new Date(2026, 4, 20, 9, 0).getTime(), now)).toBe('Today');
    expect(dayLabel(new Date(2026, 4, 19, 23, 59).getTime(), now)).toBe('Yesterday');
    expect(dayLabel(new Date(2025, 0, 2).getTime(), now)).toMatch(/2025/);
    expect(differentDay(new Date(2026, 4, 20, 0, 1).getTime(), new Date(2026, 4, 19, 23, 59).getTime())).toBe(true);
    expect(shortAgo(now - 10_000, now)).toBe('now');
    expect(shortAgo(now - 5 * 60_000, now)).toBe('5m');
  });

  it('stores notify subscribers on change only', () => {
    const store = new Store(1);
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.set(1);
    store.set((n) => n + 1);
    expect([store.get(), calls]).toEqual([2, 1]);
    off();
    store.set(3);
    expect(calls).toBe(1);
  });
});
