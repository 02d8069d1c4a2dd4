import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { UsersStore } from '../accounts/users-store.js';
import { AuditStore } from './audit-store.js';

const USAGE = `Usage: npm run admin -- <command>

Works directly on DATA_DIR (default ./data); safe while the server runs.

  grant <username>     make a user an admin
  revoke <username>    take the admin role away
  users [query]        list users (username, email, status)
  backup <file>        consistent online backup of the database into <file>
`;

type Command = (db: Db, args: string[]) => Promise<string> | string;

const setAdmin = (isAdmin: boolean): Command => (db, [username]) => {
  if (!username) throw new UsageError('a username is required');
  const users = new UsersStore(db);
  const user = users.byUsername(username);
  if (!user) throw new UsageError(`no user named ${username}`);
  users.setAdmin(user.id, isAdmin);
  new AuditStore(db).record({ adminId: null, action: isAdmin ? 'admin.grant' : 'admin.revoke', targetType: 'user', targetId: user.id });
  return `${user.username} is ${isAdmin ? 'now an admin' : 'no longer an admin'}`;
};

const COMMANDS: Record<string, Command> = {
  grant: setAdmin(true),
  revoke: setAdmin(false),
  users: (db, [q = '']) => {
    const { rows, total } = new UsersStore(db).search(q, 1000, 0, [], 'all');
    const lines = rows.map((u) =>
      [u.id, u.username, u.email, u.deactivated_at ? 'deactivated' : u.email_verified_at ? 'active' : 'unverified', u.is_admin ? 'admin' : ''].join('\t'),
    );
    return [...lines, `${total} user(s)`].join('\n');
  },
  backup: async (db, [file]) => {
    if (!file) throw new UsageError('a target file is required');
    const { totalPages } = await db.backup(file);
    return `backed up ${totalPages} pages to ${file}`;
  },
};

class UsageError extends Error {}

/** Runs one admin command; returns the exit code. */
export async function runAdminCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return name ? 64 : 0;
  }
  let db: Db | undefined;
  try {
    db = openDatabase(loadConfig(env).dataDir);
    process.stdout.write(`${await command(db, args)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 64;
    }
    throw err;
  } finally {
    db?.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runAdminCli(process.argv.slice(2));
}
