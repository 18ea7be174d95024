// Statements of a trigger's decision: what it reads about the contact and survey, the invitations it
// creates, and the decision log (`trigger_decisions`).
import type { Sql } from '../../../platform/db/index.js';
import { type SegmentRule, segmentCondition } from '../../contacts/index.js';
import type { TriggerDecision } from '../index.js';

/** The contact's email and attributes. */
export async function selectTriggerContact(
  sql: Sql,
  orgId: string,
  contactId: string,
): Promise<{ email: string | null; attributes: Record<string, unknown> } | undefined> {
  const [contact] = await sql<{ email: string | null; attributes: Record<string, unknown> }[]>`
    select email, attributes from contacts where org_id = ${orgId} and id = ${contactId}`;
  return contact;
}

/** Log one decision; returns its id. */
export async function insertDecision(
  sql: Sql,
  orgId: string,
  d: Omit<TriggerDecision, 'id' | 'link'> & {
    touchpointId: string;
    contactId: string;
    attributes: Record<string, unknown>;
    eventId: string | null;
    at: Date;
  },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into trigger_decisions (org_id, touchpoint_id, contact_id, rule_id, survey_id, decision, reason, channel,
      invitation_id, send_at, attributes, event_id, created_at)
    values (${orgId}, ${d.touchpointId}, ${d.contactId}, ${d.ruleId}, ${d.surveyId}, ${d.decision}, ${d.reason},
      ${d.channel}, ${d.invitationId}, ${d.sendAt}, ${sql.json(d.attributes as never)}, ${d.eventId}, ${d.at})
    returning id`;
  return row!.id;
}

/** The decision already made for this event and rule, if any. */
export async function selectPriorDecision(
  sql: Sql,
  orgId: string,
  eventId: string,
  ruleId: string,
): Promise<TriggerDecision | undefined> {
  const [prior] = await sql<TriggerDecision[]>`
    select id, rule_id as "ruleId", survey_id as "surveyId", decision, reason, channel,
      invitation_id as "invitationId", send_at as "sendAt"
    from trigger_decisions where org_id = ${orgId} and event_id = ${eventId} and rule_id = ${ruleId}`;
  return prior;
}

/** Whether the survey is live. */
export async function surveyIsLive(sql: Sql, orgId: string, surveyId: string): Promise<boolean> {
  const [live] =
    await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId} and status = 'live'`;
  return Boolean(live);
}

/** Whether the contact meets the rule's conditions. */
export async function contactMeets(
  sql: Sql,
  orgId: string,
  contactId: string,
  conditions: SegmentRule,
): Promise<boolean> {
  const [fits] = await sql<{ ok: boolean }[]>`
    select exists (select 1 from contacts c where c.org_id = ${orgId} and c.id = ${contactId}
      and ${segmentCondition(sql, conditions)}) as ok`;
  return Boolean(fits?.ok);
}

/** Log a suppressed invitation (so response rates keep the contact in the denominator). */
export async function insertSuppressedInvitation(
  sql: Sql,
  orgId: string,
  i: { surveyId: string; contactId: string; channel: string; reason: string; email: string | null; at: Date },
): Promise<void> {
  await sql`insert into invitations (org_id, survey_id, contact_id, channel, source, status, reason, email, queued_at)
    values (${orgId}, ${i.surveyId}, ${i.contactId}, ${i.channel}, 'trigger', 'suppressed', ${i.reason},
      ${i.email}, ${i.at})`;
}

/** Create a trigger's invitation: queued for email, sent at once for a personal link. Returns its id. */
export async function insertTriggerInvitation(
  sql: Sql,
  orgId: string,
  i: {
    surveyId: string;
    contactId: string;
    channel: string;
    tokenNonce: string;
    email: string | null;
    at: Date;
  },
): Promise<string> {
  const link = i.channel === 'link';
  const [inv] = await sql<{ id: string }[]>`
    insert into invitations (org_id, survey_id, contact_id, channel, source, status, token_nonce, email, queued_at,
      sent_at, last_sent_at)
    values (${orgId}, ${i.surveyId}, ${i.contactId}, ${i.channel}, 'trigger', ${link ? 'sent' : 'queued'},
      ${i.tokenNonce}, ${i.email}, ${i.at}, ${link ? i.at : null}, ${link ? i.at : null})
    returning id`;
  return inv!.id;
}

/** The latest decisions, optionally of one kind, newest first. */
export async function selectDecisions(
  sql: Sql,
  orgId: string,
  opts: { limit: number; decision?: 'invite' | 'skip' | undefined },
): Promise<Array<TriggerDecision & { contactId: string | null; touchpointId: string; createdAt: Date }>> {
  return sql`
    select id, rule_id as "ruleId", survey_id as "surveyId", decision, reason, channel, invitation_id as "invitationId",
      send_at as "sendAt", contact_id as "contactId", touchpoint_id as "touchpointId", created_at as "createdAt"
    from trigger_decisions where org_id = ${orgId} ${opts.decision ? sql`and decision = ${opts.decision}` : sql``}
    order by created_at desc limit ${opts.limit}`;
}
