// What CLI verbs share: configuration, a quiet logger, and a database opened for the length of one command.
import { loadConfig } from '../platform/config/index.js';
import { type Database, openDatabase } from '../platform/db/index.js';
import { createLogger, type Logger } from '../platform/log/index.js';

/** Run `fn` with an open (migrated) database, closing it afterwards whatever happens. */
export async function withDatabase<T>(
  fn: (db: Database, log: Logger) => Promise<T>,
  opts: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  // Commands print their own results; the log only carries warnings.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const db = await openDatabase(config, log, opts);
  try {
    return await fn(db, log);
  } finally {
    await db.close();
  }
}

/** An error whose message is shown to the user as is, with exit code 1 (or the one given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
