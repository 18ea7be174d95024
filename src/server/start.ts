// Start the server on an open database: first admin from the environment, listen, graceful shutdown.
import { countUsers, createUser } from '../platform/auth/index.js';
import type { Config } from '../platform/config/index.js';
import type { Database } from '../platform/db/index.js';
import type { Logger } from '../platform/log/index.js';
import { createOrganisation, findOrganisationBySlug } from '../platform/tenancy/index.js';
import { buildApp } from './app.js';

/** A listening server. */
export interface RunningServer {
  url: string;
  /** Stop accepting connections, finish in-flight requests, then close the database. */
  close(): Promise<void>;
}

/** Create the first organisation and admin from NORTHSTAR_ADMIN_EMAIL/PASSWORD when it has no users yet. */
export async function ensureFirstAdmin(db: Database, config: Config, log: Logger): Promise<void> {
  if (!config.admin) return;
  const org =
    (await findOrganisationBySlug(db.sql, config.org.slug)) ?? (await createOrganisation(db.sql, config.org));
  if ((await countUsers(db.sql, org.id)) > 0) return;
  await createUser(db.sql, org.id, {
    email: config.admin.email,
    name: 'Administrator',
    role: 'owner',
    password: config.admin.password,
  });
  log.info({ org: org.slug, email: config.admin.email }, 'first administrator created');
}

/** Build the app on `db` and listen on the configured host and port. */
export async function startServer(db: Database, config: Config, log: Logger): Promise<RunningServer> {
  await ensureFirstAdmin(db, config, log);
  const app = await buildApp({
    sql: db.sql,
    logger: log,
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close: () => {
      closing ??= (async () => {
        await app.close();
        await db.close();
      })();
      return closing;
    },
  };
}

/** Close the server on SIGTERM/SIGINT (a second signal exits at once). */
export function closeOnSignals(server: RunningServer, log: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
