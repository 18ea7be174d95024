// Statements of the recovery question: the organisation's recovery survey, the invitation a closed
// case sends its customer, and the link from an answer back to its case.
import type { Sql, TransactionSql } from '../../platform/db/index.js';

/** The organisation's recovery survey, if it has one. */
export async function selectRecoverySurveyId(
  sql: Sql | TransactionSql,
  orgId: string,
): Promise<string | null> {
  const [s] = await sql<{ id: string | null }[]>`
    select recovery_survey_id as id from act_settings where org_id = ${orgId}`;
  return s?.id ?? null;
}

/** Record the recovery survey unless one was recorded meanwhile; returns the one recorded. */
export async function upsertRecoverySurveyId(
  sql: Sql | TransactionSql,
  orgId: string,
  surveyId: string,
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into act_settings (org_id, recovery_survey_id) values (${orgId}, ${surveyId})
    on conflict (org_id) do update set recovery_survey_id = coalesce(act_settings.recovery_survey_id, excluded.recovery_survey_id)
    returning recovery_survey_id as id`;
  return row!.id;
}

/** Who the recovery question of a case would go to, and whether it was asked already. */
export interface RecoveryTarget {
  contactId: string | null;
  email: string | null;
  consent: Record<string, boolean> | null;
  asked: string | null;
}

/** The case's customer as the recovery question needs them. */
export async function selectRecoveryTarget(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<RecoveryTarget | undefined> {
  const [who] = await tx<RecoveryTarget[]>`
    select c.contact_id as "contactId", p.email, p.consent, c.recovery_invitation_id as asked
    from cases c left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
    where c.org_id = ${orgId} and c.id = ${caseId}`;
  return who;
}

/** Insert the queued invitation to the recovery survey (source `case`); returns its id. */
export async function insertRecoveryInvitation(
  tx: TransactionSql,
  orgId: string,
  inv: { surveyId: string; contactId: string; nonce: string; email: string },
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into invitations (org_id, survey_id, contact_id, channel, source, status, token_nonce, email)
    values (${orgId}, ${inv.surveyId}, ${inv.contactId}, 'email', 'case', 'queued', ${inv.nonce}, ${inv.email})
    returning id`;
  return row!.id;
}

/** Record on the case that its customer was asked now, by this invitation. */
export async function markRecoveryAsked(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  invitationId: string,
): Promise<void> {
  await tx`update cases set recovery_invitation_id = ${invitationId}, recovery_asked_at = now() where org_id = ${orgId} and id = ${caseId}`;
}

/**
 * Link a recovery answer to the case whose recovery invitation it answers (by the invitation id in
 * the answer's metadata, else its response, else its contact and survey; the latest invitation
 * first), unless that case has its answer already. Returns the case linked.
 */
export async function linkRecoveryAnswer(
  tx: TransactionSql,
  orgId: string,
  answer: {
    feedbackId: string;
    nps: number | null;
    occurredAt: Date;
    invitationId: string | null;
    responseId: string | null;
    contactId: string | null;
    surveyId: string | null;
  },
): Promise<{ id: string } | undefined> {
  const [c] = await tx<{ id: string }[]>`
    update cases c set recovery_feedback_id = ${answer.feedbackId}, recovery_score = ${answer.nps},
      recovery_answered_at = ${answer.occurredAt}, updated_at = now()
    where c.org_id = ${orgId} and c.recovery_feedback_id is null and c.recovery_invitation_id = (
      select i.id from invitations i
      where i.org_id = ${orgId} and i.source = 'case'
        and (i.id::text = ${answer.invitationId} or i.response_id = ${answer.responseId}
             or (i.contact_id = ${answer.contactId} and i.survey_id = ${answer.surveyId}))
      order by (i.id::text = ${answer.invitationId}) desc nulls last, i.queued_at desc limit 1)
    returning c.id`;
  return c;
}
