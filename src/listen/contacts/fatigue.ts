// Contact-frequency rules (survey fatigue): at most N invitations per contact in D days, per survey or
// across all surveys and channels; reminders are exempt. Checked in one query for a whole audience.
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';

/** A contact-frequency rule; `surveyId` null means global (every survey, every channel). */
export interface FrequencyRule {
  id: string;
  surveyId: string | null;
  maxInvitations: number;
  windowDays: number;
  createdAt: Date;
}

/** Add a frequency rule. */
export async function createFrequencyRule(
  sql: Sql,
  orgId: string,
  input: { surveyId?: string | null | undefined; maxInvitations: number; windowDays: number },
): Promise<FrequencyRule> {
  if (input.surveyId) {
    const [s] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${input.surveyId}`;
    if (!s) throw new NotFoundError(`Survey ${input.surveyId} not found`);
  }
  const [row] = await sql<FrequencyRule[]>`
    insert into contact_frequency_rules (org_id, survey_id, max_invitations, window_days)
    values (${orgId}, ${input.surveyId ?? null}, ${input.maxInvitations}, ${input.windowDays})
    returning id, survey_id as "surveyId", max_invitations as "maxInvitations", window_days as "windowDays",
      created_at as "createdAt"`;
  return row!;
}

/** Every frequency rule of an organisation. */
export async function listFrequencyRules(sql: Sql, orgId: string): Promise<FrequencyRule[]> {
  return sql<FrequencyRule[]>`
    select id, survey_id as "surveyId", max_invitations as "maxInvitations", window_days as "windowDays",
      created_at as "createdAt"
    from contact_frequency_rules where org_id = ${orgId} order by created_at`;
}

/** Delete a frequency rule. */
export async function deleteFrequencyRule(sql: Sql, orgId: string, ruleId: string): Promise<void> {
  const rows =
    await sql`delete from contact_frequency_rules where org_id = ${orgId} and id = ${ruleId} returning id`;
  if (rows.length === 0) throw new NotFoundError(`Frequency rule ${ruleId} not found`);
}

/**
 * Serialise invitation decisions until the caller's transaction ends, so that two decisions can never
 * both pass a frequency rule that only one of them may: with a contact, decisions for that contact
 * wait for each other (and decisions for other contacts go on); without one (a campaign launch over
 * a whole audience), the launch waits for, and holds off, every other decision of the organisation.
 * Call it inside the transaction that checks `invitationBlocks` and inserts the invitations.
 */
export async function lockInvitations(tx: Sql, orgId: string, contactId?: string): Promise<void> {
  if (contactId) {
    await tx`select pg_advisory_xact_lock_shared(hashtext('northstar.invitations'), hashtext(${orgId})),
      pg_advisory_xact_lock(hashtext(${`northstar.invitations:${orgId}`}), hashtext(${contactId}))`;
  } else {
    await tx`select pg_advisory_xact_lock(hashtext('northstar.invitations'), hashtext(${orgId}))`;
  }
}

/**
 * Why each of these contacts may not be invited to `surveyId` on `channel` now: opted out
 * (consent `surveys` false, or `email` false for email), or a frequency rule already reached.
 * Contacts absent from the map may be invited. Windows end at `at` (now).
 */
export async function invitationBlocks(
  sql: Sql,
  orgId: string,
  surveyId: string,
  channel: string,
  contactIds: string[],
  at: Date = new Date(),
): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  if (contactIds.length === 0) return blocks;
  const optedOut = await sql<{ id: string; which: string }[]>`
    select id, case when consent ->> 'surveys' = 'false' then 'surveys' else 'email' end as which
    from contacts
    where org_id = ${orgId} and id = any(${contactIds}::uuid[])
      and (consent ->> 'surveys' = 'false' or (${channel} = 'email' and consent ->> 'email' = 'false'))`;
  for (const o of optedOut)
    blocks.set(o.id, o.which === 'email' ? 'unsubscribed from email' : 'opted out of surveys');
  // Invitations that count: every one sent or queued, on any channel; suppressed ones never reached anyone.
  const capped = await sql<
    { contactId: string; maxInvitations: number; windowDays: number; global: boolean }[]
  >`
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
  for (const c of capped) {
    if (blocks.has(c.contactId)) continue;
    blocks.set(
      c.contactId,
      `frequency rule: at most ${c.maxInvitations} per ${c.windowDays} days (${c.global ? 'all surveys' : 'this survey'})`,
    );
  }
  return blocks;
}
