import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../server/events.js';
import { LastSeen } from '../../server/messaging/last-seen.js';
import { OnlineUsers } from '../../server/social/presence.js';

/** LastSeen and presence follow the sync server's presence events (here published by hand), with no polling. */
describe('last seen', () => {
  const AWAY = 60_000;
  const setUp = () => {
    const events = new EventBus();
    const presence = new OnlineUsers(events);
    return { events, presence, lastSeen: new LastSeen(presence, events, { awayMs: AWAY }) };
  };

  it('is never away while a socket is open, and away a full period after the last one closed', () => {
    const { events, presence, lastSeen } = setUp();
    const start = Date.now();
    events.emit('presence.online', { userId: 'u1' });
    expect(presence.isOnline('u1')).toBe(true);
    expect(lastSeen.isAway('u1', start + 10 * AWAY)).toBe(false);

    const before = Date.now();
    events.emit('presence.offline', { userId: 'u1' });
    const after = Date.now();
    expect(presence.isOnline('u1')).toBe(false);
    expect(lastSeen.isAway('u1', before + AWAY - 1)).toBe(false);
    expect(lastSeen.isAway('u1', after + AWAY)).toBe(true);
  });

  it('counts users never seen as away since the start, and stops listening once destroyed', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const { events, presence, lastSeen } = setUp();
      const start = Date.now();
      expect(lastSeen.isAway('u2', start + AWAY + 1000)).toBe(true);
      lastSeen.destroy();
      presence.destroy();
      events.emit('presence.online', { userId: 'u2' });
      // Still listening, presence would say online now.
      expect(presence.isOnline('u2')).toBe(false);
      // Still listening, LastSeen would take this (two periods after its start) as a sighting.
      vi.setSystemTime(start + 2 * AWAY);
      events.emit('presence.offline', { userId: 'u2' });
      expect(lastSeen.isAway('u2', start + 2 * AWAY + 1)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('dropping sightings older than the away period keeps recent ones and changes no answer', () => {
    const { lastSeen } = setUp();
    const start = Date.now();
    lastSeen.seen('old', start);
    lastSeen.seen('new', start + AWAY + 5); // a sighting a full period later sweeps the old one
    expect(lastSeen.isAway('old', start + AWAY + 5)).toBe(true);
    expect(lastSeen.isAway('new', start + AWAY + 5)).toBe(false);
  });
});
