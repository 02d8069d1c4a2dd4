import type { Db } from '../../db/database.js';

/** What a command prints, and its exit code when that is not 0. */
export type CommandResult = string | { text: string; exitCode: number };

/** One admin CLI command, working directly on the database of DATA_DIR. */
export type Command = (db: Db, args: string[]) => Promise<CommandResult> | CommandResult;

/** Bad arguments: printed as `error: …` with exit code 64 (EX_USAGE). */
export class UsageError extends Error {}

/** The first argument, or a UsageError naming what is missing. */
export function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}
