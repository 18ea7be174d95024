// Case rules applied to new feedback, exactly once per record. A trigger on feedback writes each new
// record of an organisation that uses rules or webhooks to case_intake in the storing transaction;
// this worker takes rows from there (waiting for comment enrichment where a rule reads sentiment or
// themes), opens at most one case per record (UNIQUE (org_id, feedback_id)), emits the outbound
// events, and deletes the row, all in one transaction. Every intake path is covered, and a crash
// anywhere loses nothing: an unprocessed row is simply taken again.
import { segmentCondition } from '../listen/contacts/index.js';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { recordCaseEvent, SYSTEM } from './history.js';
import { caseNotifyJob } from './notify.js';
import { type CaseRule, type FeedbackFacts, listCaseRules, ruleMatches } from './rules.js';
import { dueAt } from './sla.js';
import { scheduleSla } from './sla-job.js';
import { emitEvent } from './webhooks.js';

/** How long evaluation waits for a comment's enrichment before it goes ahead without it. */
export const ENRICHMENT_WAIT_S = 120;

interface IntakeRow extends FeedbackFacts {
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
    const rows = await tx<IntakeRow[]>`
      select i.org_id as "orgId", f.id, f.nps, f.csat, f.ces, f.rating, f.touchpoint_id as "touchpointId",
        f.survey_id as "surveyId", f.channel, f.text, f.enrichment, f.contact_id as "contactId",
        f.response_id as "responseId", f.source, f.occurred_at as "occurredAt", f.metadata,
        s.recovery_survey_id as "recoverySurveyId"
      from case_intake i
        join feedback f on f.org_id = i.org_id and f.id = i.feedback_id
        left join act_settings s on s.org_id = i.org_id
      where i.not_before <= now()
        ${opts.orgId ? tx`and i.org_id = ${opts.orgId}` : tx``}
        and (not i.needs_enrichment or f.enrichment is not null
             or i.created_at < now() - make_interval(secs => ${ENRICHMENT_WAIT_S}))
      order by i.created_at
      limit ${opts.limit ?? 100}
      for update of i skip locked`;
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
          await sp`delete from case_intake where org_id = ${row.orgId} and feedback_id = ${row.id}`;
        });
      } catch (err) {
        opts.log?.warn(
          { err, orgId: row.orgId, feedbackId: row.id },
          'case rules failed on this feedback; trying again later',
        );
        await tx`update case_intake set failures = failures + 1,
            not_before = now() + make_interval(secs => least(3600, 10 * power(2, failures)))
          where org_id = ${row.orgId} and feedback_id = ${row.id}`;
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
        const [m] = await tx<{ ok: boolean }[]>`
          select coalesce(${segmentCondition(tx as unknown as Sql, rule.when.rules)}, false) as ok
          from contacts c where c.org_id = ${row.orgId} and c.id = ${row.contactId}`;
        contactMatches = m?.ok === true;
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
  const [c] = await tx<{ id: string }[]>`
    update cases c set recovery_feedback_id = ${row.id}, recovery_score = ${row.nps},
      recovery_answered_at = ${row.occurredAt}, updated_at = now()
    where c.org_id = ${row.orgId} and c.recovery_feedback_id is null and c.recovery_invitation_id = (
      select i.id from invitations i
      where i.org_id = ${row.orgId} and i.source = 'case'
        and (i.id::text = ${invitationId} or i.response_id = ${row.responseId}
             or (i.contact_id = ${row.contactId} and i.survey_id = ${row.surveyId}))
      order by (i.id::text = ${invitationId}) desc nulls last, i.queued_at desc limit 1)
    returning c.id`;
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
    const [t] = await tx<{ teamId: string }[]>`
      select team_id as "teamId" from team_touchpoints where org_id = ${orgId} and touchpoint_id = ${touchpointId}`;
    teamId = t?.teamId ?? null;
  }
  if (rule.assign.userId || !teamId || rule.assign.strategy === 'none')
    return { teamId, ownerId: rule.assign.userId };
  if (rule.assign.strategy === 'least_loaded') {
    const [m] = await tx<{ userId: string }[]>`
      select m.user_id as "userId" from team_members m
      where m.org_id = ${orgId} and m.team_id = ${teamId}
      order by (select count(*) from cases c where c.org_id = m.org_id and c.owner_id = m.user_id and c.status <> 'closed'),
        m.user_id
      limit 1`;
    return { teamId, ownerId: m?.userId ?? null };
  }
  // Round robin: the member after the last one given a case (the team row lock orders concurrent picks).
  const [t] = await tx<{ last: string | null }[]>`
    select last_assigned as last from teams where org_id = ${orgId} and id = ${teamId} for update`;
  const [m] = await tx<{ userId: string }[]>`
    select user_id as "userId" from team_members where org_id = ${orgId} and team_id = ${teamId}
    order by user_id > ${t?.last ?? '00000000-0000-0000-0000-000000000000'} desc, user_id limit 1`;
  if (m) await tx`update teams set last_assigned = ${m.userId} where org_id = ${orgId} and id = ${teamId}`;
  return { teamId, ownerId: m?.userId ?? null };
}

async function openCase(tx: TransactionSql, jobs: JobQueue, row: IntakeRow, rule: CaseRule): Promise<void> {
  const { teamId, ownerId } = await assign(tx, row.orgId, rule, row.touchpointId);
  const created = new Date();
  const due = dueAt(created, rule.slaHours, rule.businessHours);
  const [c] = await tx<{ id: string }[]>`
    insert into cases (org_id, feedback_id, rule_id, contact_id, touchpoint_id, survey_id, priority, team_id, owner_id,
      nps, sla_hours, business_hours, due_at, created_at, updated_at)
    values (${row.orgId}, ${row.id}, ${rule.id}, ${row.contactId}, ${row.touchpointId}, ${row.surveyId}, ${rule.priority},
      ${teamId}, ${ownerId}, ${row.nps}, ${rule.slaHours},
      ${rule.businessHours ? tx.json(rule.businessHours as never) : null}, ${due}, ${created}, ${created})
    on conflict (org_id, feedback_id) do nothing
    returning id`;
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
