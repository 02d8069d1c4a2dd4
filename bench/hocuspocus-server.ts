import { Database as DatabaseExtension } from '@hocuspocus/extension-database';
import { Server } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Hocuspocus 3 with its Database extension keeping each document's state in SQLite, as its own
 * SQLite extension does (same table and queries) but through better-sqlite3 rather than the native
 * `sqlite3` package; the pragmas are Parley's (WAL, synchronous NORMAL). Hocuspocus stores the whole
 * document state, debounced (its defaults: 2 s, at most 10 s), and flushes it when the last client
 * leaves and on SIGTERM.
 */
const db = new Database(join(process.env.DATA_DIR as string, 'hocuspocus.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))');
const select = db.prepare<{ name: string }, { data: Buffer }>('SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC');
const upsert = db.prepare('INSERT INTO "documents" ("name", "data") VALUES ($name, $data) ON CONFLICT(name) DO UPDATE SET data = $data');

const server = new Server({
  address: '127.0.0.1',
  port: Number(process.env.PORT),
  quiet: true,
  extensions: [
    new DatabaseExtension({
      fetch: async ({ documentName }) => select.get({ name: documentName })?.data ?? null,
      store: async ({ documentName, state }) => void upsert.run({ name: documentName, data: state }),
    }),
  ],
});
await server.listen();
process.stdout.write('hocuspocus ready\n');
