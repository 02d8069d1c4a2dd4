import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate } from './migrate.js';

export type Db = Database.Database;

/** Opens (and migrates) the SQLite database in `dataDir`: WAL, foreign keys, busy timeout. */
export function openDatabase(dataDir: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): Db {
  const db = new Database(join(dataDir, 'parley.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  cacheStatements(db);
  return db;
}

/**
 * Stores call `db.prepare(sql)` where they use a statement; preparing is costly (it showed as the
 * top CPU item under sync load), so each SQL text is prepared once per connection and reused.
 * Only `pluck` is ever toggled on our statements: it is reset on every reuse.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      cache.set(sql, stmt);
    } else if (stmt.reader) {
      stmt.pluck(false);
    }
    return stmt;
  }) as Db['prepare'];
}

/** True when the database answers a trivial query. */
export function databaseAnswers(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
