// Background jobs of the comments module: enrich new feedback, re-run after a change, train a model.
import { z } from 'zod';
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import { defineJob, JobQueue, yieldToRequests } from '../../platform/jobs/index.js';
import { createLogger, type Logger } from '../../platform/log/index.js';
import { enrichFeedback, stepRerun } from './enrich.js';
import { createRun } from './queries/create-run.js';
import { finishRun } from './queries/finish-run.js';
import type { TextRun } from './queries/get-run.js';
import { supersedeReruns } from './queries/supersede-reruns.js';
import { type TextSettingsChange, updateTextSettings } from './queries/update-text-settings.js';
import { trainRun } from './train.js';

/** Most feedback ids in one enrichment job (one UPDATE statement of that many rows). */
export const ENRICH_BATCH = 500;

/** The longest an enrichment job waits for the process's requests before it starts (ms). */
const ENRICH_START_WAIT_MS = 1_000;

/** Enrich new feedback: language, PII redaction, sentiment per comment and sentence, themes. */
export const enrichFeedbackJob = defineJob({
  name: 'enrich-feedback',
  schema: z.object({ orgId: z.uuid(), feedbackIds: z.array(z.uuid()).min(1).max(ENRICH_BATCH) }),
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 120,
  handle: async (payload, ctx) => {
    // Requests go first: in a process that also serves (the default role), a job waits while requests
    // are in flight, at most a second, before it reads and writes anything. Under sustained load the
    // comments wait in the queue (each worker still takes a job a second at least) and are enriched
    // once the load eases; between slices of comments it waits again (enrichCommentsYielding).
    await yieldToRequests({ maxWaitMs: ENRICH_START_WAIT_MS, stepMs: 10 });
    await enrichFeedback(ctx.sql, payload.orgId, payload.feedbackIds);
  },
});

/** One step (about 20 s) of a re-run; enqueues the next step until the run is done. */
export const textRerunJob = defineJob({
  name: 'text-rerun',
  schema: z.object({ orgId: z.uuid(), runId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 5, backoff: true },
  expireInSeconds: 120,
  handle: async (payload, ctx) => {
    const step = await stepRerun(ctx.sql, payload.orgId, payload.runId);
    if (step === 'more') await ctx.jobs.enqueue(textRerunJob, payload);
  },
});

/** Train an organisation model (sentiment from scores, or themes from hand tags) and report on the run. */
export const textTrainJob = defineJob({
  name: 'text-train',
  schema: z.object({ orgId: z.uuid(), runId: z.uuid() }),
  // Training is deterministic: a failure would fail again.
  retry: { limit: 0, delaySeconds: 5, backoff: false },
  expireInSeconds: 900,
  handle: async (payload, ctx) => {
    try {
      const trained = await trainRun(ctx.sql, payload.orgId, payload.runId);
      if (trained.activate) {
        await requestRerun(
          ctx.sql,
          ctx.jobs,
          payload.orgId,
          trained.activate.reason,
          trained.activate.change,
        );
      }
    } catch (err) {
      await finishRun(ctx.sql, payload.orgId, payload.runId, 'failed', { error: (err as Error).message });
      throw err;
    }
  },
});

/** Every job of the module, for the worker's job table. */
export const COMMENT_JOBS = [enrichFeedbackJob, textRerunJob, textTrainJob];

// Intake code holds a pool, not the queue: one enqueue-only queue per pool, made on first use.
const queues = new WeakMap<Sql, JobQueue>();
let hookLog: Logger | undefined;

/**
 * Ask for enrichment of newly stored feedback: call it from every intake path after the feedback
 * rows are written (inside the writing transaction with `tx`, so the jobs exist only if it commits).
 * Never throws: a failure is logged, and the rows are picked up by the next re-run
 * (`POST /api/v1/text/runs`), which enriches every comment not yet at the current revision.
 */
export async function enqueueEnrichment(
  sql: Sql,
  orgId: string,
  feedbackIds: readonly string[],
  opts: { jobs?: JobQueue; tx?: Sql | TransactionSql } = {},
): Promise<boolean> {
  if (feedbackIds.length === 0) return true;
  let jobs = opts.jobs ?? queues.get(sql);
  if (!jobs) {
    hookLog ??= createLogger();
    jobs = new JobQueue({ sql, log: hookLog, maintenance: false });
    queues.set(sql, jobs);
  }
  try {
    for (let i = 0; i < feedbackIds.length; i += ENRICH_BATCH) {
      const feedbackIds_ = feedbackIds.slice(i, i + ENRICH_BATCH) as string[];
      await jobs.enqueue(
        enrichFeedbackJob,
        { orgId, feedbackIds: feedbackIds_ },
        opts.tx ? { tx: opts.tx } : {},
      );
    }
    return true;
  } catch (err) {
    hookLog ??= createLogger();
    hookLog.warn(
      { err, orgId, count: feedbackIds.length },
      'could not enqueue enrichment; a re-run will catch up',
    );
    return false;
  }
}

/**
 * Apply a settings change that alters results (taxonomy, model) and start re-enriching every comment
 * in the background: one transaction bumps the revision, supersedes older re-runs, records the run and
 * enqueues its first step. Returns the run, whose progress `GET /api/v1/text/runs/{id}` shows.
 */
export async function requestRerun(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  reason: string,
  change: Omit<TextSettingsChange, 'bump'> = {},
): Promise<TextRun> {
  return sql.begin(async (tx) => {
    const { revision } = await updateTextSettings(tx, orgId, { ...change, bump: true });
    await supersedeReruns(tx, orgId, revision);
    const run = await createRun(tx, orgId, { kind: 'rerun', reason, revision });
    await jobs.enqueue(textRerunJob, { orgId, runId: run.id }, { tx });
    return run;
  }) as Promise<TextRun>;
}
