import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { Journal } from '../../server/sync/journal.js';
import { SyncStore, type Append } from '../../server/sync/persistence.js';

/** The journal's batching against real SQLite, with a clock the test moves. */
let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-journal-'));
  db = openDatabase(dir);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let room = 0;
function setUp() {
  const conversationId = `journal-${++room}`;
  let clock = 1000;
  const batches: number[] = [];
  const journal = new Journal(new SyncStore(db), () => {}, (_s, appends) => batches.push(appends), () => clock);
  let seq = 0;
  const append = (): Append => {
    const entry = { conversationId, seq: ++seq, update: new Uint8Array([0, 0]), writerUserId: 'u', claims: [] };
    journal.append(entry);
    return entry;
  };
  const stored = () => db.prepare('SELECT count(*) FROM doc_updates WHERE conversation_id = ?').pluck().get(conversationId) as number;
  return { journal, append, stored, batches, conversationId, advance: (ms: number) => (clock += ms) };
}
const endOfTurn = () => new Promise((r) => setImmediate(r));

describe('journal', () => {
  it('an idle journal writes as soon as the current callback is over, before the turn ends', async () => {
    const { append, stored, batches } = setUp();
    append();
    append();
    expect(stored()).toBe(0);
    await Promise.resolve();
    expect(stored()).toBe(2);
    expect(batches).toEqual([2]);
  });

  it('a busy journal gathers appends from separate callbacks of one turn into one transaction', async () => {
    const { append, stored, batches, advance } = setUp();
    append();
    await Promise.resolve(); // written at once: the journal was idle
    advance(0.5); // within the busy window of that write
    append();
    await Promise.resolve();
    append();
    await Promise.resolve();
    expect(stored()).toBe(1);
    await endOfTurn();
    expect(stored()).toBe(3);
    expect(batches).toEqual([1, 2]);
    advance(5); // idle again
    append();
    await Promise.resolve();
    expect(stored()).toBe(4);
  });

  it('what waits for durability runs only once the appends before it are stored, in order', async () => {
    const { journal, append, stored, conversationId } = setUp();
    const seen: Array<[string, number]> = [];
    journal.afterDurable(conversationId, () => seen.push(['nothing pending', stored()]));
    append();
    journal.afterDurable(conversationId, () => seen.push(['first', stored()]));
    append();
    journal.afterDurable(conversationId, () => seen.push(['second', stored()]));
    expect(seen).toEqual([['nothing pending', 0]]);
    await Promise.resolve();
    expect(seen).toEqual([['nothing pending', 0], ['first', 2], ['second', 2]]);
  });

  it('an explicit flush writes at once and the scheduled write then finds nothing to do', async () => {
    const { journal, append, stored, batches } = setUp();
    append();
    journal.flush();
    expect(stored()).toBe(1);
    await endOfTurn();
    expect(batches).toEqual([1]);
  });
});
