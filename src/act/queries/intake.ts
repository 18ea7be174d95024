// Statements of the intake worker: claim ready `case_intake` rows (any organisation, or one), drop a
// row once acted on or put it off after a failure, ask PostgreSQL whether a contact matches a rule's
// attribute conditions, and open a case (at most one per feedback record).
import { segmentCondition } from '../../listen/contacts/index.js';
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { IntakeRow } from '../intake.js';
import type { CaseRule } from '../rules.js';

/**
 * Lock up to `limit` ready intake rows with their feedback, oldest first, skipping rows other
 * workers hold: due (`not_before`), and enriched when a rule waits for it or waited `enrichmentWaitS`
 * seconds. Across organisations unless `orgId` is given (the worker serves them all).
 */
export async function claimIntakeRows(
  tx: TransactionSql,
  opts: { limit: number; orgId?: string | undefined; enrichmentWaitS: number },
): Promise<IntakeRow[]> {
  return tx<IntakeRow[]>`
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
             or i.created_at < now() - make_interval(secs => ${opts.enrichmentWaitS}))
      order by i.created_at
      limit ${opts.limit}
      for update of i skip locked`;
}

/** Drop an intake row once acted on. */
export async function deleteIntakeRow(tx: TransactionSql, orgId: string, feedbackId: string): Promise<void> {
  await tx`delete from case_intake where org_id = ${orgId} and feedback_id = ${feedbackId}`;
}

/** Count a failure on an intake row and put it off (10 s doubling per failure, at most an hour). */
export async function postponeIntakeRow(
  tx: TransactionSql,
  orgId: string,
  feedbackId: string,
): Promise<void> {
  await tx`update case_intake set failures = failures + 1,
            not_before = now() + make_interval(secs => least(3600, 10 * power(2, failures)))
          where org_id = ${orgId} and feedback_id = ${feedbackId}`;
}

/** Whether the contact matches a rule's contact-attribute conditions. */
export async function contactMatchesRules(
  tx: TransactionSql,
  orgId: string,
  contactId: string,
  rules: NonNullable<CaseRule['when']['rules']>,
): Promise<boolean> {
  const [m] = await tx<{ ok: boolean }[]>`
          select coalesce(${segmentCondition(tx as unknown as Sql, rules)}, false) as ok
          from contacts c where c.org_id = ${orgId} and c.id = ${contactId}`;
  return m?.ok === true;
}

/** Open a case on a feedback record by a rule; undefined when the record has its case already. */
export async function insertCase(
  tx: TransactionSql,
  row: IntakeRow,
  c: {
    rule: CaseRule;
    teamId: string | null;
    ownerId: string | null;
    due: Date;
    created: Date;
  },
): Promise<{ id: string } | undefined> {
  const { rule, teamId, ownerId, due, created } = c;
  const [inserted] = await tx<{ id: string }[]>`
    insert into cases (org_id, feedback_id, rule_id, contact_id, touchpoint_id, survey_id, priority, team_id, owner_id,
      nps, sla_hours, business_hours, due_at, created_at, updated_at)
    values (${row.orgId}, ${row.id}, ${rule.id}, ${row.contactId}, ${row.touchpointId}, ${row.surveyId}, ${rule.priority},
      ${teamId}, ${ownerId}, ${row.nps}, ${rule.slaHours},
      ${rule.businessHours ? tx.json(rule.businessHours as never) : null}, ${due}, ${created}, ${created})
    on conflict (org_id, feedback_id) do nothing
    returning id`;
  return inserted;
}
