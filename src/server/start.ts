// Start the server on an open database: first admin from the environment, listen, graceful shutdown.

import { startActWorker } from '../act/index.js';
import { mail } from '../listen/channels/email/index.js';
import { configureContactIndex, startContactDeltaSweep } from '../listen/contacts/index.js';
import { startRetentionScheduler } from '../listen/privacy/index.js';
import { countUsers, createUser } from '../platform/auth/index.js';
import type { Config } from '../platform/config/index.js';
import type { Database } from '../platform/db/index.js';
import { isDatabaseUnreachable } from '../platform/errors/index.js';
import { JobQueue, processRole } from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { createOrganisation, findOrganisationBySlug } from '../platform/tenancy/index.js';
import { configureCommentIndex, warmCommentIndexes } from '../understand/comments/index.js';
import {
  configureAnswerStore,
  configureColumnarIndex,
  warmAnswerStores,
  warmColumnarIndexes,
} from '../understand/index.js';
import { buildApp } from './app.js';
import { JOBS } from './jobs.js';

/** A listening server. */
export interface RunningServer {
  /** Where it listens; empty in the worker role, which serves no HTTP. */
  url: string;
  /** What this process runs (NORTHSTAR_ROLE: web, worker or both). */
  role: 'web' | 'worker' | 'both';
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

/**
 * Start the roles this process plays (NORTHSTAR_ROLE): `web` listens on the configured host and
 * port, `worker` runs the background jobs, `both` (the default) does both on one pool.
 */
export async function startServer(db: Database, config: Config, log: Logger): Promise<RunningServer> {
  await ensureFirstAdmin(db, config, log);
  configureColumnarIndex(config.analyticsIndex);
  // The survey answer stores follow the analytics index's switch (NORTHSTAR_ANALYTICS_INDEX).
  configureAnswerStore({ enabled: config.analyticsIndex.enabled });
  configureCommentIndex({ enabled: config.analyticsIndex.enabled, maxBytes: config.commentIndexBytes });
  configureContactIndex({ enabled: config.analyticsIndex.enabled });
  const role = processRole();
  const jobs = new JobQueue({ sql: db.sql, log, maintenance: role !== 'web' });
  let stopAct: () => Promise<void> = async () => {};
  if (role !== 'web') {
    await jobs.work(JOBS);
    // Case rules on new feedback and webhook deliveries (see src/act/worker.ts).
    stopAct = startActWorker({ sql: db.sql, jobs, log });
    // Retention: each organisation with a policy gets its run queued once a day.
    const stopRetention = startRetentionScheduler({ sql: db.sql, jobs, log });
    // The kept contact counts (migration 0039): fold what no reader folded.
    const stopContactSweep = startContactDeltaSweep({ sql: db.sql, log });
    const stopActOnly = stopAct;
    stopAct = async () => {
      stopRetention();
      stopContactSweep();
      await stopActOnly();
    };
    log.info({ jobs: JOBS.map((j) => j.name) }, 'worker started');
    const { mailer, settings } = mail();
    if (!settings.smtpUrl) {
      log.warn(
        { outbox: settings.outboxDir },
        `NORTHSTAR_SMTP_URL is not set: outgoing mail is written to ${settings.outboxDir} instead of being sent`,
      );
    } else log.info({ mail: mailer.describe }, 'mail goes out over SMTP');
  }
  let close: () => Promise<void>;
  let url = '';
  if (role === 'worker') {
    close = async () => {
      await stopAct();
      await jobs.stop();
      await db.close();
    };
  } else {
    const app = await buildApp({
      sql: db.sql,
      readSql: db.readSql,
      readMaxLagSeconds: config.readMaxLagSeconds,
      logger: log,
      bodyLimit: config.bodyLimit,
      rateLimitPerMinute: config.rateLimitPerMinute,
      analyticsStalenessMs: config.analyticsStalenessMs,
      jobs,
      trustedOrigins: config.publicUrl ? [config.publicUrl] : [],
      metricsToken: config.metricsToken,
      signIn: { passwordLogin: config.passwordLogin, sso: config.sso },
    });
    await app.listen({ port: config.port, host: config.host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
    url = `http://${host}:${port}`;
    // The analytics indexes, then the survey answer stores and the comment indexes, load in the
    // background once the server listens (reads go to SQL meanwhile).
    let stopWarming = false;
    if (config.analyticsIndex.enabled && config.analyticsIndexWarm) {
      void (async () => {
        await warmColumnarIndexes(db.sql, log, () => stopWarming).catch((err: unknown) => {
          log.warn({ err }, 'analytics index: warm-up failed (reads load indexes on demand)');
        });
        if (stopWarming) return;
        await warmAnswerStores(db.sql, log, () => stopWarming).catch((err: unknown) => {
          log.warn({ err }, 'answer store: warm-up failed (reads load stores on demand)');
        });
        if (stopWarming) return;
        // Then the comment indexes (theme impact, trend and verbatims on any filter).
        await warmCommentIndexes(db.sql, log, () => stopWarming).catch((err: unknown) => {
          log.warn({ err }, 'comment index: warm-up failed (reads load indexes on demand)');
        });
      })();
    }
    close = async () => {
      // In-flight requests finish first, then running jobs, then the pool closes.
      // A load in progress is not waited for: it stops with the pool (reads load on demand next time).
      stopWarming = true;
      await app.close();
      await stopAct();
      await jobs.stop();
      await db.close();
    };
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    role,
    close: () => {
      closing ??= close();
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
  survivesDatabaseLoss(log);
}

let guarded = false;

/**
 * A lost database connection surfacing in background work (a pool, the job queue's polling, a job
 * started as the server starts) must not end the process: requests answer 503 meanwhile and the pool
 * reconnects. Anything else still ends it, as Node would. Install it before the server starts its
 * workers (closeOnSignals installs it too; once per process).
 */
export function survivesDatabaseLoss(log: Logger): void {
  if (guarded) return;
  guarded = true;
  process.on('unhandledRejection', (err) => {
    if (isDatabaseUnreachable(err)) {
      log.error({ code: (err as { code?: string }).code }, 'database unreachable (background work)');
      return;
    }
    throw err;
  });
}
