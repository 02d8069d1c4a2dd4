import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/database.js';
import { loadMigrations, migrate } from '../../server/db/migrate.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));

let dir: string;
const open: Db[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function rawDb(file = 'test.sqlite'): Db {
  const db = new Database(join(dir, file));
  open.push(db);
  return db;
}

/** Everything that defines the schema, to compare before and after. */
function schema(db: Db): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}

function recorded(db: Db): { version: number; name: string; applied_at: number }[] {
  return db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as never;
}

function tables(db: Db): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

describe('the migration files', () => {
  it('have unique, increasing numbers, and every .sql file is picked up', () => {
    const migrations = loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations[0]?.version).toBe(1);
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBe(migrations.length);
    for (const m of migrations) {
      expect(m.name).toMatch(/^[\w-]+$/);
      expect(m.sql.trim().length).toBeGreaterThan(0);
    }
  });

  it('loadMigrations orders by number and ignores files that are not NNN_name.sql', () => {
    const own = join(dir, 'migrations');
    mkdirSync(own);
    writeFileSync(join(own, '010_ten.sql'), 'CREATE TABLE ten (a);');
    writeFileSync(join(own, '002_two.sql'), 'CREATE TABLE two (a);');
    writeFileSync(join(own, '001_one.sql'), 'CREATE TABLE one (a);');
    writeFileSync(join(own, 'README.md'), '# not a migration');
    writeFileSync(join(own, '3_short.sql'), 'CREATE TABLE nope (a);');
    writeFileSync(join(own, '004_backup.sql.bak'), 'CREATE TABLE nope (a);');
    expect(loadMigrations(own).map((m) => [m.version, m.name])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [10, 'ten'],
    ]);
  });
});

describe('migrate', () => {
  it('applies every migration to an empty database and records each one', () => {
    const db = rawDb();
    const all = loadMigrations();
    const before = Date.now();
    expect(migrate(db)).toEqual(all.map((m) => m.version));
    const rows = recorded(db);
    expect(rows.map((r) => [r.version, r.name])).toEqual(all.map((m) => [m.version, m.name]));
    for (const r of rows) {
      expect(Number.isInteger(r.applied_at)).toBe(true);
      expect(r.applied_at).toBeGreaterThanOrEqual(before);
      expect(r.applied_at).toBeLessThanOrEqual(Date.now());
    }
    expect(tables(db)).toEqual(
      expect.arrayContaining(['schema_migrations', 'users', 'sessions', 'refresh_tokens', 'one_time_tokens', 'mfa_recovery_codes', 'mail_queue']),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('run again applies nothing and changes nothing', () => {
    const db = rawDb();
    migrate(db);
    const schemaBefore = schema(db);
    const recordedBefore = recorded(db);
    expect(migrate(db)).toEqual([]);
    expect(migrate(db)).toEqual([]);
    expect(schema(db)).toEqual(schemaBefore);
    expect(recorded(db)).toEqual(recordedBefore);
  });

  it('applies only what is new to a database that is partly migrated', () => {
    const db = rawDb();
    const all = loadMigrations();
    expect(migrate(db, all.slice(0, 1))).toEqual([all[0]?.version]);
    expect(migrate(db)).toEqual(all.slice(1).map((m) => m.version));
    expect(recorded(db).map((r) => r.version)).toEqual(all.map((m) => m.version));
  });

  it('rolls back a failing migration, records nothing for it, and stops there', () => {
    const db = rawDb();
    migrate(db);
    const schemaBefore = schema(db);
    const recordedBefore = recorded(db);

    expect(() => migrate(db, [{ version: 999, name: 'bad', sql: 'CREATE TABLE x(; ' }])).toThrow();
    expect(schema(db)).toEqual(schemaBefore);
    expect(recorded(db)).toEqual(recordedBefore);

    // A statement that succeeded before the failing one is undone too; later migrations do not run.
    const batch = [
      { version: 1000, name: 'good', sql: 'CREATE TABLE good (a INTEGER);' },
      { version: 1001, name: 'half', sql: 'CREATE TABLE half (a INTEGER); INSERT INTO half VALUES (1); CREATE TABLE x(;' },
      { version: 1002, name: 'after', sql: 'CREATE TABLE after_bad (a INTEGER);' },
    ];
    expect(() => migrate(db, batch)).toThrow();
    expect(tables(db)).toContain('good');
    expect(tables(db)).not.toContain('half');
    expect(tables(db)).not.toContain('after_bad');
    expect(recorded(db).map((r) => r.version)).toEqual([...recordedBefore.map((r) => r.version), 1000]);

    // Once fixed, the rest applies.
    const fixed = [batch[0]!, { ...batch[1]!, sql: 'CREATE TABLE half (a INTEGER);' }, batch[2]!];
    expect(migrate(db, fixed)).toEqual([1001, 1002]);
  });
});

describe('openDatabase', () => {
  it('opens with WAL, foreign keys and a busy timeout, migrated', () => {
    const db = openDatabase(dir);
    open.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(recorded(db).map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
  });

  it('enforces foreign keys', () => {
    const db = openDatabase(dir);
    open.push(db);
    const insert = db.prepare('INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, 0, 0, 0)');
    expect(() => insert.run('s1', 'no-such-user')).toThrow(/FOREIGN KEY/);
  });

  it('reopening the same directory migrates nothing and keeps the data', () => {
    const first = openDatabase(dir);
    first
      .prepare('INSERT INTO users (id, username, email, email_normalized, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)')
      .run('u1', 'alice', 'alice@example.com', 'alice@example.com', 'hash');
    const recordedBefore = recorded(first);
    const schemaBefore = schema(first);
    first.close();

    const second = openDatabase(dir);
    open.push(second);
    expect(recorded(second)).toEqual(recordedBefore);
    expect(schema(second)).toEqual(schemaBefore);
    expect(second.prepare('SELECT username FROM users').pluck().all()).toEqual(['alice']);
  });

  it('lets a second connection read while another one writes (WAL)', () => {
    const writer = openDatabase(dir);
    const reader = openDatabase(dir);
    open.push(writer, reader);
    writer.exec('BEGIN IMMEDIATE');
    writer
      .prepare('INSERT INTO users (id, username, email, email_normalized, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0)')
      .run('u1', 'alice', 'alice@example.com', 'alice@example.com', 'hash');
    // The reader sees the last committed state, not the open transaction, and is not blocked.
    expect(reader.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    writer.exec('COMMIT');
    expect(reader.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1);
  });
});
