// Queries and locks of invitation decisions: who opted out, who reached a frequency rule, and the
// advisory locks that serialise decisions.
import type { Sql } from '../../../platform/db/index.js';

/** Take the transaction-scoped advisory locks of an invitation decision (see `lockInvitations`). */
export async function lockInvitationDecisions(tx: Sql, orgId: string, contactId?: string): Promise<void> {
  if (contactId) {
    await tx`select pg_advisory_xact_lock_shared(hashtext('northstar.invitations'), hashtext(${orgId})),
      pg_advisory_xact_lock(hashtext(${`northstar.invitations:${orgId}`}), hashtext(${contactId}))`;
  } else {
    await tx`select pg_advisory_xact_lock(hashtext('northstar.invitations'), hashtext(${orgId}))`;
  }
}

/** The contacts among these who opted out of surveys, or of email when the channel is email. */
export async function selectOptedOut(
  sql: Sql,
  orgId: string,
  channel: string,
  contactIds: string[],
): Promise<Array<{ id: string; which: string }>> {
  return sql<{ id: string; which: string }[]>`
    select id, case when consent ->> 'surveys' = 'false' then 'surveys' else 'email' end as which
    from contacts
    where org_id = ${orgId} and id = any(${contactIds}::uuid[])
      and (consent ->> 'surveys' = 'false' or (${channel} = 'email' and consent ->> 'email' = 'false'))`;
}

/**
 * The contacts among these that reached a frequency rule of the survey (or a global one) in the window
 * ending at `at`, global rules first. Invitations that count: every one sent or queued, on any channel.
 */
export async function selectCappedContacts(
  sql: Sql,
  orgId: string,
  surveyId: string,
  contactIds: string[],
  at: Date,
): Promise<Array<{ contactId: string; maxInvitations: number; windowDays: number; global: boolean }>> {
  return sql<{ contactId: string; maxInvitations: number; windowDays: number; global: boolean }[]>`
    select x.id as "contactId", r.max_invitations as "maxInvitations", r.window_days as "windowDays",
      r.survey_id is null as global
    from unnest(${contactIds}::uuid[]) as x(id)
    join contact_frequency_rules r on r.org_id = ${orgId} and (r.survey_id is null or r.survey_id = ${surveyId})
    where (
      select count(*) from invitations i
      where i.org_id = ${orgId} and i.contact_id = x.id
        and i.status not in ('suppressed', 'failed')
        and i.queued_at > ${at}::timestamptz - make_interval(days => r.window_days)
        and (r.survey_id is null or i.survey_id = r.survey_id)
    ) >= r.max_invitations
    order by r.survey_id nulls first, r.window_days`;
}
