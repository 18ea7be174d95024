// PostgreSQL access: the embedded server or an external one, a connection pool, and migrations.
import postgres, { type Sql } from 'postgres';
import type { Config } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { type EmbeddedServer, embeddedRunning, startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

export type { Sql, TransactionSql } from 'postgres';
export { readCopyOut } from './copy-out.js';
export type { EmbeddedServer } from './embedded.js';
export { startEmbeddedPostgres } from './embedded.js';
export { analyseIfNeverAnalysed, noteRowsWritten } from './first-analyze.js';
export { type Migration, type MigrationReport, migrate, readMigrations } from './migrate.js';

/** An open database: the pool, where it points, and how to let go of it. */
export interface Database {
  sql: Sql;
  /** A pool on the streaming replica (NORTHSTAR_READ_DATABASE_URL) for dashboard reads, when there is one. */
  readSql?: Sql | undefined;
  kind: 'embedded' | 'external';
  /** Host, port and database name, without credentials, for messages. */
  where: string;
  close(): Promise<void>;
}

function openPool(url: string, max: number, applicationName: string): Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    // A server that does not answer is reported within seconds (503), not after the default 30 s.
    connect_timeout: 5,
    transform: { undefined: null },
    connection: { application_name: applicationName },
    types: {
      // numeric/bigint aggregates arrive as numbers; counts here stay far below 2^53
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
  });
}

/** The open pools, each able to put a fresh pool behind its handle (see `recyclePools`). */
const pools = new Set<() => void>();

/**
 * Open a pool on a PostgreSQL URL with Northstar's settings. The handle forwards to a pool that
 * `recyclePools` can replace, so everything holding the handle carries on with the new one.
 */
export function connect(url: string, max = 10, applicationName = 'northstar'): Sql {
  let current = openPool(url, max, applicationName);
  const recycle = () => {
    const old = current;
    current = openPool(url, max, applicationName);
    old.end({ timeout: 5 }).catch(() => {});
  };
  pools.add(recycle);
  const target = (() => {}) as unknown as Sql;
  return new Proxy(target, {
    apply: (_t, thisArg, args) => Reflect.apply(current as never, thisArg, args),
    has: (_t, prop) => prop in current,
    get: (_t, prop) => {
      if (prop === 'end') {
        return (opts?: { timeout?: number }) => {
          pools.delete(recycle);
          return current.end(opts);
        };
      }
      const value = (current as unknown as Record<PropertyKey, unknown>)[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/**
 * The driver (postgres 3.4.9) can throw from a deferred write after its socket closed, when the
 * server dies under load (porsager/postgres#1154, #1208): an uncaught TypeError outside any query,
 * after which that connection never sends again. Whether an uncaught error is that one.
 */
export function isDriverWriteAfterClose(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    /reading 'write'|evaluating 'socket\.write'/.test(err.message) &&
    /postgres[\\/]src[\\/]connection\.js/.test(err.stack ?? '') &&
    /nextWrite/.test(err.stack ?? '')
  );
}

/**
 * Put a fresh pool behind every open handle and end the old ones (their queries have failed with
 * the connection already): the way out of the driver defect above, which leaves one connection of
 * some pool unable to send. Returns how many pools were replaced.
 */
export function recyclePools(): number {
  for (const recycle of pools) recycle();
  return pools.size;
}

/**
 * In a serving process: survive that driver defect by replacing the pools; any other uncaught
 * exception still ends the process, as Node would.
 */
export function survivePoolWriteAfterClose(log: Logger): void {
  process.on('uncaughtException', (err) => {
    if (isDriverWriteAfterClose(err)) {
      log.error({ pools: recyclePools() }, 'database connection lost mid-write; pools replaced');
      return;
    }
    console.error(err);
    process.exit(1);
  });
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/**
 * Open the configured database (external when DATABASE_URL is set, else the embedded server in
 * the data folder), check it answers, and apply migrations unless told not to.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & { readDatabaseUrl?: string | undefined },
  log: Logger,
  opts: { migrate?: boolean } = {},
): Promise<Database> {
  let url: string;
  let stopEmbedded: () => Promise<void> = async () => {};
  let kind: Database['kind'];
  if (config.databaseUrl) {
    url = config.databaseUrl;
    kind = 'external';
  } else {
    const server = await startEmbeddedPostgres(config.dataDir, log);
    url = server.url;
    stopEmbedded = watchEmbedded(config.dataDir, server, log);
    kind = 'embedded';
  }
  const where = describe(url);
  const sql = connect(url, config.dbPoolSize);
  try {
    await sql`select 1`;
  } catch (err) {
    await sql.end({ timeout: 1 }).catch(() => {});
    await stopEmbedded().catch(() => {});
    throw new Error(`Cannot reach PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  if (opts.migrate !== false) {
    try {
      const report = await migrate(sql);
      if (report.applied.length > 0) {
        log.info({ applied: report.applied.map((m) => `${m.version}_${m.name}`) }, 'migrations applied');
      }
    } catch (err) {
      await sql.end({ timeout: 1 }).catch(() => {});
      await stopEmbedded().catch(() => {});
      throw err;
    }
  }
  // The replica is not checked here: until it answers, reads go to the primary (see ReadRouter).
  const readSql = config.readDatabaseUrl
    ? connect(config.readDatabaseUrl, config.dbPoolSize, 'northstar-read')
    : undefined;
  return {
    sql,
    readSql,
    kind,
    where,
    close: async () => {
      await readSql?.end({ timeout: 5 });
      await sql.end({ timeout: 5 });
      await stopEmbedded();
    },
  };
}

/**
 * Keep the embedded server up: if it dies (killed, out of memory), start it again on the same port
 * within a second or two, so the pool reconnects by itself; requests meanwhile answer 503. Returns
 * the stop function (which stops watching first).
 */
function watchEmbedded(dataDir: string, first: EmbeddedServer, log: Logger): () => Promise<void> {
  let current = first;
  let restarting = false;
  let stopping = false;
  const timer = setInterval(() => {
    if (restarting || stopping || embeddedRunning(dataDir)) return;
    restarting = true;
    log.error({ dataDir }, 'embedded PostgreSQL is not running; starting it again');
    startEmbeddedPostgres(dataDir, log, { port: first.port })
      .then((server) => {
        // Whoever started it stops it: this process if it did, else the process that did.
        if (server.owner) current = server;
        log.warn({ port: server.port }, 'embedded PostgreSQL is back');
      })
      .catch((err: unknown) => log.error({ err }, 'embedded PostgreSQL could not be restarted; trying again'))
      .finally(() => {
        restarting = false;
      });
  }, 1_000);
  timer.unref();
  return async () => {
    stopping = true;
    clearInterval(timer);
    await current.stop();
  };
}
