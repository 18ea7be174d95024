// SLA breaches: a job per case runs at its due time, marks the breach, tells the owner and escalates.
import { z } from 'zod';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { defineJob, type JobQueue } from '../platform/jobs/index.js';
import { recordCaseEvent, SYSTEM } from './history.js';
import { caseNotifyJob } from './notify.js';
import { lockCaseDue, markCaseBreached, selectBreachEventCase, selectOverdueCaseIds } from './queries/sla.js';
import { emitEvent } from './webhooks.js';

/** Check one case at its due time. */
export const caseSlaJob = defineJob({
  name: 'case-sla',
  schema: z.object({ orgId: z.uuid(), caseId: z.uuid() }),
  retry: { limit: 10, delaySeconds: 30, backoff: true },
  handle: async ({ orgId, caseId }, { sql, jobs }) => {
    await checkBreach(sql, jobs, orgId, caseId);
  },
});

/** Enqueue the due-time check of a case (inside the transaction that set its due time). */
export async function scheduleSla(
  tx: Sql | TransactionSql,
  jobs: JobQueue,
  orgId: string,
  caseId: string,
  due: Date,
): Promise<void> {
  await jobs.enqueue(
    caseSlaJob,
    { orgId, caseId },
    { tx, startAfter: due, singletonKey: `${caseId}:${due.getTime()}` },
  );
}

/**
 * Mark a case breached if it is still open past its due time: history, `case.sla_breached` event,
 * and a notification to the owner and the team's escalation channel (a job of its own). A case whose
 * due time moved later is checked again then. Returns whether it was marked now.
 */
export async function checkBreach(sql: Sql, jobs: JobQueue, orgId: string, caseId: string): Promise<boolean> {
  return (await sql.begin(async (tx) => {
    const c = await lockCaseDue(tx, orgId, caseId);
    if (!c || c.status === 'closed' || c.breachedAt) return false;
    if (c.dueAt.getTime() > Date.now()) {
      await scheduleSla(tx, jobs, orgId, caseId, c.dueAt);
      return false;
    }
    await markCaseBreached(tx, orgId, caseId);
    await recordCaseEvent(tx, orgId, caseId, SYSTEM, 'sla_breached', { dueAt: c.dueAt });
    const data = await selectBreachEventCase(tx, orgId, caseId);
    await emitEvent(tx, orgId, 'case.sla_breached', { case: data });
    await jobs.enqueue(
      caseNotifyJob,
      { orgId, caseId, reason: 'breached' },
      { tx, singletonKey: `${caseId}:breached` },
    );
    return true;
  })) as boolean;
}

/** Check every case of an organisation past its due time now (for catching up after downtime, and tests). */
export async function checkAllBreaches(sql: Sql, jobs: JobQueue, orgId: string): Promise<number> {
  const due = await selectOverdueCaseIds(sql, orgId);
  let n = 0;
  for (const c of due) if (await checkBreach(sql, jobs, orgId, c.id)) n++;
  return n;
}
