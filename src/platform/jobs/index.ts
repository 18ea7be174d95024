// Background jobs on a PostgreSQL-backed queue (pg-boss, in its own schema): a job is { name, schema, handle, retry }.
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Sql, TransactionSql } from '../db/index.js';
import { ValidationError } from '../errors/index.js';
import { type Logger, loggableError } from '../log/index.js';

export { requestStarted, requestsInFlight, yieldToRequests } from './yield.js';

/** How a failed job is retried: `limit` more attempts, `delaySeconds` apart (doubling with `backoff`). */
export interface RetryPolicy {
  limit: number;
  delaySeconds: number;
  backoff: boolean;
}

/** What a running job gets besides its payload. */
export interface JobContext {
  sql: Sql;
  log: Logger;
  jobs: JobQueue;
  jobId: string;
}

/** Every payload names its organisation: tenancy is a security boundary, jobs included. */
export type JobPayload = { orgId: string };

/** A job: its payload schema is checked when it is enqueued and again when it runs. */
export interface JobDefinition<S extends z.ZodType<JobPayload> = z.ZodType<JobPayload>> {
  /** Queue name: lower-case words joined by dots or dashes (`email.send`). */
  name: string;
  schema: S;
  handle: (payload: z.output<S>, ctx: JobContext) => Promise<void>;
  retry: RetryPolicy;
  /** Seconds a run may take before it counts as failed (default 300). */
  expireInSeconds?: number;
}

/** Declare a job; the identity function gives the handler its payload type. */
export function defineJob<S extends z.ZodType<JobPayload>>(def: JobDefinition<S>): JobDefinition<S> {
  if (!/^[a-z][a-z0-9]*([.-][a-z0-9]+)*$/.test(def.name)) throw new Error(`Bad job name: ${def.name}`);
  return def;
}

/** Which parts of Northstar one process runs. */
export type ProcessRole = 'web' | 'worker' | 'both';

/** Options when enqueueing. */
export interface EnqueueOptions {
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one queued job with this key (e.g. one send per invitation). */
  singletonKey?: string;
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  tx?: Sql | TransactionSql;
}

/** The schema pg-boss keeps its tables in, apart from Northstar's own. */
export const JOBS_SCHEMA = 'northstar_jobs';

// pg-boss speaks to PostgreSQL through this adapter, so it shares Northstar's pool (and can
// write inside a caller's transaction). Statements without parameters may hold several commands
// (its migrations), which postgres.js then sends with the simple protocol.
function adapter(sql: Sql | TransactionSql): PgBoss.Db {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      if (values && values.length > 0) {
        return { rows: (await sql.unsafe(text, values as never[])) as unknown as unknown[] };
      }
      // Its own BEGIN ... COMMIT scripts need one connection to themselves.
      if ('reserve' in sql && /\bBEGIN\b/i.test(text)) {
        const conn = await sql.reserve();
        try {
          return { rows: (await conn.unsafe(text)) as unknown as unknown[] };
        } finally {
          conn.release();
        }
      }
      return { rows: (await sql.unsafe(text)) as unknown as unknown[] };
    },
  };
}

function payloadProblems(job: JobDefinition, payload: unknown): z.ZodSafeParseResult<JobPayload> {
  return job.schema.safeParse(payload);
}

/**
 * The queue: enqueue from any process, run handlers in worker processes. Starts lazily on the
 * first use, so a web process that never enqueues never touches the queue's tables.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly creating = new Map<string, Promise<void>>();
  private starting: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly opts: { sql: Sql; log: Logger; pollingIntervalSeconds?: number; maintenance?: boolean },
  ) {
    this.boss = new PgBoss({
      db: adapter(opts.sql),
      schema: JOBS_SCHEMA,
      supervise: opts.maintenance ?? true,
      schedule: opts.maintenance ?? true,
      migrate: true,
    });
    this.boss.on('error', (err) => opts.log.error({ err }, 'job queue error'));
  }

  /** Create the queue's schema (first start) and its maintenance; safe to call repeatedly. */
  async start(): Promise<void> {
    this.starting ??= this.boss.start().then(() => undefined);
    return this.starting;
  }

  /**
   * Make the queue for a job exist, with its retry policy. Concurrent callers in this process share
   * one creation: two pg-boss createQueue calls for the same name at once can deadlock each other.
   */
  private ensureQueue(job: JobDefinition): Promise<void> {
    let creating = this.creating.get(job.name);
    if (!creating) {
      creating = this.createQueue(job);
      this.creating.set(job.name, creating);
      // A failed creation is tried again by the next caller.
      creating.catch(() => this.creating.delete(job.name));
    }
    return creating;
  }

  private async createQueue(job: JobDefinition): Promise<void> {
    await this.start();
    const options = {
      name: job.name,
      retryLimit: job.retry.limit,
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff,
      expireInSeconds: job.expireInSeconds ?? 300,
    };
    if (await this.boss.getQueue(job.name)) await this.boss.updateQueue(job.name, options);
    else {
      try {
        await this.boss.createQueue(job.name, options);
      } catch (err) {
        // Another process created it first.
        if (!(await this.boss.getQueue(job.name))) throw err;
      }
    }
    this.jobs.set(job.name, job);
  }

  /** Enqueue a job; an invalid payload is refused here, before it is stored. Returns the job id. */
  async enqueue<S extends z.ZodType<JobPayload>>(
    job: JobDefinition<S>,
    payload: z.input<S>,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const parsed = payloadProblems(job as unknown as JobDefinition, payload);
    if (!parsed.success) {
      throw new ValidationError(
        `Invalid payload for job ${job.name}`,
        parsed.error.issues.map((i) => ({ name: i.path.join('.') || '(payload)', reason: i.message })),
      );
    }
    await this.ensureQueue(job as unknown as JobDefinition);
    return this.boss.send(job.name, parsed.data as object, {
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.tx ? { db: adapter(options.tx) } : {}),
    });
  }

  private async run(job: JobDefinition, id: string, data: unknown): Promise<void> {
    // Re-checked when run: a payload written by an older version, or by hand, must not reach a handler.
    const parsed = payloadProblems(job, data);
    if (!parsed.success) {
      // Retrying cannot fix a payload: use up its retries so it fails once and for all.
      await this.opts.sql.unsafe(
        `update ${JOBS_SCHEMA}.job set retry_limit = retry_count where name = $1 and id = $2`,
        [job.name, id],
      );
      throw new Error(`Invalid payload for job ${job.name} ${id}: ${parsed.error.message}`);
    }
    await job.handle(parsed.data, { sql: this.opts.sql, log: this.opts.log, jobs: this, jobId: id });
  }

  /** Start polling for these jobs in this process (the worker role). */
  async work(jobs: JobDefinition[], opts: { concurrency?: number } = {}): Promise<void> {
    for (const job of jobs) {
      await this.ensureQueue(job);
      const concurrency = opts.concurrency ?? 2;
      for (let i = 0; i < concurrency; i++) {
        // pg-boss waits out the polling interval after every job; while jobs keep coming, the worker
        // is told to fetch again at once, so a backlog drains at the speed of the jobs, not one job
        // per interval.
        let workerId: string | undefined;
        workerId = await this.boss.work(
          job.name,
          { batchSize: 1, pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 1 },
          async ([j]) => {
            if (!j) return;
            try {
              await this.run(job, j.id, j.data);
            } catch (err) {
              this.opts.log.warn(
                { err: loggableError(err), job: job.name, id: j.id },
                'job failed; it will be retried if it can',
              );
              throw err;
            } finally {
              if (workerId && !this.stopped) this.boss.notifyWorker(workerId);
            }
          },
        );
      }
    }
  }

  /**
   * Run the queued jobs of these kinds now, in this process, until none is left (or `max` ran):
   * for tests and one-shot commands. Failed jobs go back to the queue under their retry policy.
   */
  async drain(jobs: JobDefinition[], max = 1_000): Promise<{ ran: number; failed: number }> {
    let ran = 0;
    let failed = 0;
    while (ran + failed < max) {
      let any = false;
      for (const job of jobs) {
        await this.ensureQueue(job);
        const batch = await this.boss.fetch(job.name, { batchSize: 50 });
        for (const j of batch) {
          any = true;
          try {
            await this.run(job, j.id, j.data);
            await this.boss.complete(job.name, j.id);
            ran++;
          } catch (err) {
            await this.boss.fail(job.name, j.id, { message: (err as Error).message });
            failed++;
          }
        }
      }
      if (!any) break;
    }
    return { ran, failed };
  }

  /** Counts of a job's queue by state. */
  async queueSize(job: JobDefinition): Promise<number> {
    await this.ensureQueue(job);
    return this.boss.getQueueSize(job.name);
  }

  /** Stop: no new jobs are fetched, running ones finish (up to `timeoutMs`). The pool stays open. */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.stopped || !this.starting) return;
    this.stopped = true;
    await this.starting.catch(() => {});
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
  }
}

/** Read the process role from NORTHSTAR_ROLE (web, worker or both; default both). */
export function processRole(env: NodeJS.ProcessEnv = process.env): ProcessRole {
  const role = env.NORTHSTAR_ROLE ?? 'both';
  if (role !== 'web' && role !== 'worker' && role !== 'both') {
    throw new Error(`NORTHSTAR_ROLE must be web, worker or both (got "${role}")`);
  }
  return role;
}
