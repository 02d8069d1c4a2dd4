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
  return db;
}

/** True when the database answers a trivial query. */
export function databaseAnswers(db: Db): boolean {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
}
