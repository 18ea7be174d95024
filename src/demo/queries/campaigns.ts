// Statements of the demo's email campaigns: the contacts a campaign could have invited (with their
// response to its survey in the fielding window, if any), the invitations as they ended, and the
// campaign dated and marked sent.
import type { Sql } from 'postgres';

/** A contact with an email address and, if they answered the survey in the window, that response. */
export interface CampaignCandidate {
  contactId: string;
  email: string;
  responseId: string | null;
  submittedAt: Date | null;
}

/** The survey's id by name (the demo's survey names are unique). */
export async function surveyIdByName(sql: Sql, orgId: string, name: string): Promise<string | null> {
  const [row] = await sql<{ id: string }[]>`
    select id from surveys where org_id = ${orgId} and name = ${name} order by created_at limit 1`;
  return row?.id ?? null;
}

/** Every contact with an email, in id order, with their first response to the survey in [from, to). */
export async function selectCampaignCandidates(
  sql: Sql,
  orgId: string,
  surveyId: string,
  from: Date,
  to: Date,
): Promise<CampaignCandidate[]> {
  return sql<CampaignCandidate[]>`
    select c.id as "contactId", c.email, r.id as "responseId", r.submitted_at as "submittedAt"
    from contacts c
    left join (
      select distinct on (contact_id) contact_id, id, submitted_at from responses
      where org_id = ${orgId} and survey_id = ${surveyId} and submitted_at >= ${from} and submitted_at < ${to}
      order by contact_id, submitted_at, id
    ) r on r.contact_id = c.id
    where c.org_id = ${orgId} and c.email is not null
    order by c.id`;
}

/** An invitation as it ended: its furthest status and the time of each step. */
export interface DemoInvitationRow {
  org_id: string;
  survey_id: string;
  campaign_id: string;
  contact_id: string;
  channel: 'email';
  source: 'campaign';
  status: 'sent' | 'opened' | 'bounced' | 'responded' | 'suppressed';
  reason: string | null;
  email: string | null;
  reminders_sent: number;
  queued_at: Date;
  sent_at: Date | null;
  opened_at: Date | null;
  bounced_at: Date | null;
  responded_at: Date | null;
  last_sent_at: Date | null;
  response_id: string | null;
}

/** Insert a campaign's invitations. */
export async function insertDemoInvitations(sql: Sql, rows: DemoInvitationRow[]): Promise<void> {
  if (rows.length > 0) await sql`insert into invitations ${sql(rows)}`;
}

/** Date a campaign and mark it sent (it was launched in the past; nothing is left to send). */
export async function markDemoCampaignSent(
  sql: Sql,
  orgId: string,
  campaignId: string,
  createdAt: Date,
  launchedAt: Date,
): Promise<void> {
  await sql`update campaigns set status = 'sent', created_at = ${createdAt}, launched_at = ${launchedAt}
    where org_id = ${orgId} and id = ${campaignId}`;
}

/** Date a contact list and its members (made when the campaign was planned). */
export async function dateDemoList(sql: Sql, orgId: string, listId: string, at: Date): Promise<void> {
  await sql`update contact_lists set created_at = ${at} where org_id = ${orgId} and id = ${listId}`;
  await sql`update contact_list_members set added_at = ${at} where org_id = ${orgId} and list_id = ${listId}`;
}
