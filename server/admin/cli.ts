import { ConfigError, loadConfig } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { accountCommands } from './commands/accounts.js';
import { UsageError, type Command } from './commands/command.js';
import { conversationCommands } from './commands/conversations.js';

const USAGE = `Usage: npm run admin -- <command>

Works directly on DATA_DIR (default ./data); safe while the server runs.

  grant <username>        make a user an admin
  revoke <username>       take the admin role away
  users [query]           list users (username, email, status)
  backup <file>           consistent online backup of the database into <file>
  conversations [query]   list conversations with stats (members, messages, stored bytes,
                          updates since compaction, last activity); query: group name or username
  show <id>               a conversation as stored, as a readable transcript (audited)
  export <id> [file]      everything stored for a conversation as JSON, to stdout or <file> (audited)
  verify                  check that every stored snapshot and update decodes and that the
                          conversation index matches the documents; exits 1 on any problem
`;

const COMMANDS: Record<string, Command> = { ...accountCommands, ...conversationCommands };

/** Runs one admin command; returns the exit code. */
export async function runAdminCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return name && name !== '--help' && name !== 'help' ? 64 : 0;
  }
  let db: Db | undefined;
  try {
    db = openDatabase(loadConfig(env).dataDir);
    const result = await command(db, args);
    const { text, exitCode } = typeof result === 'string' ? { text: result, exitCode: 0 } : result;
    process.stdout.write(`${text}\n`);
    return exitCode;
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
