import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { Announcer } from '../../server/sync/announcer.js';

const silent = createLogger('silent');

describe('announcer', () => {
  it('tells every listener at the end of the turn, in order, and a failing listener stops nobody', async () => {
    const announcer = new Announcer<number>(silent, (n) => ({ n }));
    const heard: string[] = [];
    announcer.listen((n) => heard.push(`a${n}`));
    announcer.listen((n) => {
      if (n === 1) throw new Error('listener bug');
      heard.push(`b${n}`);
    });
    announcer.queueEvent(1);
    announcer.queueEvent(2);
    expect(heard).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['a1', 'a2', 'b2']);
  });

  it('drains on demand (shutdown) and stops telling a removed listener', async () => {
    const announcer = new Announcer<string>(silent, (e) => ({ e }));
    const heard: string[] = [];
    const off = announcer.listen((e) => heard.push(e));
    expect(announcer.listening).toBe(true);
    announcer.queueEvent('now');
    announcer.drain();
    expect(heard).toEqual(['now']);
    off();
    expect(announcer.listening).toBe(false);
    announcer.queueEvent('later');
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['now']);
  });
});
