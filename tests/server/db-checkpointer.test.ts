import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer, type CheckpointReport } from '../../server/db/checkpointer.js';
import { openDatabase } from '../../server/db/database.js';
import { startTestServer } from '../helpers/server.js';
import { until } from '../helpers/sync.js';

/** WAL checkpoints run in a worker, not inside the server's commits. */
describe('background WAL checkpointer', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('checkpoints what commits wrote, while the main connection no longer checkpoints itself', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
    dirs.push(dir);
    const db = openDatabase(dir);
    const reports: CheckpointReport[] = [];
    const checkpointer = startCheckpointer(db, { intervalMs: 50, onCheckpoint: (r) => reports.push(r) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(2000));
    await until(() => reports.reduce((n, r) => n + r.frames, 0) > 0, 5000);
    // Everything committed is in the database file now: a fresh checkpoint finds nothing left to copy.
    await until(() => {
      const [r] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
      return r!.log === r!.checkpointed;
    }, 5000);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 200 });
    db.close();
  });

  it('runs in the server and shows in /metrics', async () => {
    const s = await startTestServer();
    try {
      expect(s.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      for (let i = 0; i < 5; i++) await s.signUp(`user${i}`);
      let text = '';
      const frames = () => Number(/^parley_sqlite_checkpointed_frames_total (\d+)/m.exec(text)?.[1] ?? 0);
      const deadline = Date.now() + 10_000;
      while (frames() === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        text = (await s.request('GET', '/metrics')).body as string;
      }
      expect(frames()).toBeGreaterThan(0);
    } finally {
      await s.stop();
    }
  });
});
