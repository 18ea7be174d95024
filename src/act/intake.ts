// Case rules applied to new feedback, exactly once per record. A trigger on feedback writes each new
// record of an organisation that uses rules or webhooks to case_intake in the storing transaction;
// this worker takes rows from there (waiting for comment enrichment where a rule reads sentiment or
// themes), opens at most one case per record (UNIQUE (org_id, feedback_id)), emits the outbound
// events, and deletes the row, all in one transaction. Every intake path is covered, and a crash
// anywhere loses nothing: an unprocessed row is simply taken again.
import type { Sql, TransactionSql } from '../platform/db/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { recordCaseEvent, SYSTEM } from './history.js';
import { caseNotifyJob } from './notify.js';
import {
  lockTeamLastAssigned,
  selectLeastLoadedMember,
  selectNextMember,
  selectTouchpointTeam,
  updateTeamLastAssigned,
} from './queries/assignment.js';
import {
  claimIntakeRows,
  contactMatchesRules,
  deleteIntakeRow,
  insertCase,
  postponeIntakeRow,
} from './queries/intake.js';
import { linkRecoveryAnswer } from './queries/recovery.js';
import { type CaseRule, type FeedbackFacts, listCaseRules, ruleMatches } from './rules.js';
import { dueAt } from './sla.js';
import { scheduleSla } from './sla-job.js';
import { emitEvent } from './webhooks.js';

/** How long evaluation waits for a comment's enrichment before it goes ahead without it. */
export const ENRICHMENT_WAIT_S = 120;

/** A claimed intake row: the feedback record with what the rules and events read. */
export interface IntakeRow extends FeedbackFacts {
  orgId: string;
  id: string;
  contactId: string | null;
  responseId: string | null;
  source: string;
  occurredAt: Date;
  metadata: Record<string, unknown>;
  recoverySurveyId: string | null;
}

/**
 * Take up to `limit` ready rows of case_intake (any organisation, or one) and act on them.
 * Returns how many were processed. Safe to run in several processes at once (SKIP LOCKED).
 */
export async function processCaseIntake(
  sql: Sql,
  jobs: JobQueue,
  opts: { limit?: number; orgId?: string; log?: Logger } = {},
): Promise<number> {
  return (await sql.begin(async (tx) => {
    const rows = await claimIntakeRows(tx, {
      limit: opts.limit ?? 100,
      orgId: opts.orgId,
      enrichmentWaitS: ENRICHMENT_WAIT_S,
    });
    const rulesByOrg = new Map<string, CaseRule[]>();
    for (const row of rows) {
      let rules = rulesByOrg.get(row.orgId);
      if (!rules) {
        rules = (await listCaseRules(tx as unknown as Sql, row.orgId)).filter((r) => r.enabled);
        rulesByOrg.set(row.orgId, rules);
      }
      try {
        await tx.savepoint(async (sp) => {
          await actOn(sp, jobs, row, rules);
          await deleteIntakeRow(sp, row.orgId, row.id);
        });
      } catch (err) {
        opts.log?.warn(
          { err, orgId: row.orgId, feedbackId: row.id },
          'case rules failed on this feedback; trying again later',
        );
        await postponeIntakeRow(tx, row.orgId, row.id);
      }
    }
    return rows.length;
  })) as number;
}

const feedbackEvent = (row: IntakeRow) => ({
  id: row.id,
  source: row.source,
  surveyId: row.surveyId,
  responseId: row.responseId,
  contactId: row.contactId,
  touchpointId: row.touchpointId,
  channel: row.channel,
  occurredAt: row.occurredAt,
  nps: row.nps,
  csat: row.csat,
  ces: row.ces,
  rating: row.rating,
  text: row.text,
});

async function actOn(tx: TransactionSql, jobs: JobQueue, row: IntakeRow, rules: CaseRule[]): Promise<void> {
  await emitEvent(tx, row.orgId, 'feedback.created', { feedback: feedbackEvent(row) });
  if (row.responseId)
    await emitEvent(tx, row.orgId, 'response.created', {
      responseId: row.responseId,
      feedback: feedbackEvent(row),
    });
  if (row.recoverySurveyId && row.surveyId === row.recoverySurveyId) {
    await linkRecovery(tx, row);
    return;
  }
  for (const rule of rules) {
    let contactMatches = true;
    if (rule.when.rules) {
      contactMatches = false;
      if (row.contactId) {
        contactMatches = await contactMatchesRules(tx, row.orgId, row.contactId, rule.when.rules);
      }
    }
    if (ruleMatches(rule.when, row, contactMatches)) {
      await openCase(tx, jobs, row, rule);
      return;
    }
  }
}

// A recovery answer: linked to the case whose recovery invitation it answers; it opens no case.
async function linkRecovery(tx: TransactionSql, row: IntakeRow): Promise<void> {
  const invitationId = typeof row.metadata.invitationId === 'string' ? row.metadata.invitationId : null;
  const c = await linkRecoveryAnswer(tx, row.orgId, {
    feedbackId: row.id,
    nps: row.nps,
    occurredAt: row.occurredAt,
    invitationId,
    responseId: row.responseId,
    contactId: row.contactId,
    surveyId: row.surveyId,
  });
  if (c)
    await recordCaseEvent(tx, row.orgId, c.id, SYSTEM, 'recovery_answered', {
      feedbackId: row.id,
      score: row.nps,
    });
}

/** Pick the team and owner for a new case from the rule, the touchpoint's owning team and the strategy. */
async function assign(
  tx: TransactionSql,
  orgId: string,
  rule: CaseRule,
  touchpointId: string | null,
): Promise<{ teamId: string | null; ownerId: string | null }> {
  let teamId = rule.assign.teamId;
  if (!teamId && touchpointId) {
    teamId = await selectTouchpointTeam(tx, orgId, touchpointId);
  }
  if (rule.assign.userId || !teamId || rule.assign.strategy === 'none')
    return { teamId, ownerId: rule.assign.userId };
  if (rule.assign.strategy === 'least_loaded') {
    return { teamId, ownerId: await selectLeastLoadedMember(tx, orgId, teamId) };
  }
  // Round robin: the member after the last one given a case (the team row lock orders concurrent picks).
  const last = await lockTeamLastAssigned(tx, orgId, teamId);
  const next = await selectNextMember(tx, orgId, teamId, last);
  if (next) await updateTeamLastAssigned(tx, orgId, teamId, next);
  return { teamId, ownerId: next };
}

async function openCase(tx: TransactionSql, jobs: JobQueue, row: IntakeRow, rule: CaseRule): Promise<void> {
  const { teamId, ownerId } = await assign(tx, row.orgId, rule, row.touchpointId);
  const created = new Date();
  const due = dueAt(created, rule.slaHours, rule.businessHours);
  const c = await insertCase(tx, row, { rule, teamId, ownerId, due, created });
  if (!c) return;
  await recordCaseEvent(tx, row.orgId, c.id, SYSTEM, 'created', {
    ruleId: rule.id,
    rule: rule.name,
    teamId,
    ownerId,
    priority: rule.priority,
    dueAt: due,
  });
  await scheduleSla(tx, jobs, row.orgId, c.id, due);
  await emitEvent(tx, row.orgId, 'case.created', {
    case: {
      id: c.id,
      status: 'open',
      priority: rule.priority,
      teamId,
      ownerId,
      feedbackId: row.id,
      contactId: row.contactId,
      dueAt: due,
      createdAt: created,
    },
    feedback: feedbackEvent(row),
  });
  const n = rule.notify;
  if ((ownerId && n.owner !== false) || n.emails?.length || n.slackUrl)
    await jobs.enqueue(caseNotifyJob, { orgId: row.orgId, caseId: c.id, reason: 'created' }, { tx });
}
