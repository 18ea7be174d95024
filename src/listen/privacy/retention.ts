// Retention per organisation: feedback older than N months is deleted or anonymised by a daily job,
// with the rollups kept exact (deletions go through the feedback triggers, the same way an erasure
// does; anonymising touches no column a rollup reads). Every run is audited.
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/index.js';
import type { Sql } from '../../platform/db/index.js';
import { defineJob, type JobQueue } from '../../platform/jobs/index.js';
import type { Logger } from '../../platform/log/index.js';
import {
  anonymiseOldFeedback,
  anonymiseOldResponses,
  claimDueRetention,
  deleteOldFeedback,
  deleteOldResponses,
  deleteOldSessions,
  markRetentionRun,
  type RetentionRow,
  retentionCutoff,
  selectRetention,
  upsertRetention,
} from './queries/retention.js';

export type { RetentionRow } from './queries/retention.js';

/** Rows per statement: each batch is its own short transaction, so intake never waits long. */
const BATCH = 2_000;

/** The organisation's policy (no row: kept for ever). */
export const getRetention = (sql: Sql, orgId: string): Promise<RetentionRow> => selectRetention(sql, orgId);

/** Set the policy (months null: keep for ever), audited as retention.update. */
export async function setRetention(
  sql: Sql,
  orgId: string,
  policy: { months: number | null; mode: RetentionRow['mode'] },
  who: { actor: string; ip?: string | undefined },
): Promise<RetentionRow> {
  await sql.begin(async (tx) => {
    await upsertRetention(tx, orgId, policy.months, policy.mode);
    await recordAudit(tx, {
      orgId,
      actor: who.actor,
      action: 'retention.update',
      target: orgId,
      ip: who.ip,
      detail: { months: policy.months, mode: policy.mode },
    });
  });
  return selectRetention(sql, orgId);
}

/** What one run did. */
export interface RetentionReport {
  mode: RetentionRow['mode'];
  months: number;
  cutoff: string;
  feedback: number;
  responses: number;
  sessions: number;
}

async function drain(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await step();
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Apply the organisation's policy now: delete or anonymise feedback (by when it happened), responses
 * (by when they were submitted) and hosted-page sessions older than the cut-off. Safe to run again:
 * a second run finds nothing left to do. Returns undefined when the organisation keeps everything.
 */
export async function applyRetention(sql: Sql, orgId: string): Promise<RetentionReport | undefined> {
  const policy = await selectRetention(sql, orgId);
  if (policy.months === null) return undefined;
  const cutoff = await retentionCutoff(sql, policy.months);
  let feedback: number;
  let responses: number;
  if (policy.mode === 'delete') {
    // Feedback first (the rollup triggers subtract it), then the responses behind it.
    feedback = await drain(() => deleteOldFeedback(sql, orgId, cutoff, BATCH));
    responses = await drain(() => deleteOldResponses(sql, orgId, cutoff, BATCH));
  } else {
    feedback = await drain(() => anonymiseOldFeedback(sql, orgId, cutoff, BATCH));
    responses = await drain(() => anonymiseOldResponses(sql, orgId, cutoff, BATCH));
  }
  const sessions = await deleteOldSessions(sql, orgId, cutoff);
  const report: RetentionReport = {
    mode: policy.mode,
    months: policy.months,
    cutoff: cutoff.toISOString(),
    feedback,
    responses,
    sessions,
  };
  await markRetentionRun(sql, orgId);
  await recordAudit(sql, {
    orgId,
    actor: 'system',
    action: 'retention.apply',
    target: orgId,
    detail: { ...report },
  });
  return report;
}

/** The daily run for one organisation. */
export const retentionJob = defineJob({
  name: 'retention-apply',
  schema: z.object({ orgId: z.uuid() }),
  retry: { limit: 3, delaySeconds: 60, backoff: true },
  expireInSeconds: 3_600,
  handle: async (payload, ctx) => {
    const report = await applyRetention(ctx.sql, payload.orgId);
    if (report) ctx.log.info({ orgId: payload.orgId, ...report }, 'retention applied');
  },
});

/**
 * Queue today's run for every organisation with a policy that has not had one queued today; the
 * claim and the job are written in one transaction, so each organisation gets one run a day
 * whatever the number of workers. Returns how many were queued.
 */
export async function queueDueRetention(sql: Sql, jobs: JobQueue, now = new Date()): Promise<number> {
  const today = now.toISOString().slice(0, 10);
  return sql.begin(async (tx) => {
    const orgs = await claimDueRetention(tx, today);
    for (const orgId of orgs) {
      await jobs.enqueue(retentionJob, { orgId }, { tx, singletonKey: `retention:${orgId}` });
    }
    return orgs.length;
  });
}

/** In a worker: look every hour (and at start) for organisations due today. Returns the stop function. */
export function startRetentionScheduler(opts: { sql: Sql; jobs: JobQueue; log: Logger }): () => void {
  const tick = () => {
    queueDueRetention(opts.sql, opts.jobs).catch((err) =>
      opts.log.warn({ err }, 'could not queue the retention runs; next hour'),
    );
  };
  const timer = setInterval(tick, 3_600_000);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
