// Statements of a campaign's launch, run in its transaction: lock the campaign, read its audience,
// queue the invitations, mark it sending.
import type { Fragment } from 'postgres';
import type { Sql } from '../../../../platform/db/index.js';
import type { Audience } from '../../../contacts/index.js';

/** What a launch reads of its campaign. */
export interface LaunchCampaignRow {
  status: string;
  surveyId: string;
  audience: Audience;
  reminderAfterHours: number | null;
  maxReminders: number;
}

/** The campaign, locked until the transaction ends; undefined when there is none. */
export async function lockCampaign(
  sql: Sql,
  orgId: string,
  campaignId: string,
): Promise<LaunchCampaignRow | undefined> {
  const [c] = await sql<LaunchCampaignRow[]>`
    select status, survey_id as "surveyId", audience, reminder_after_hours as "reminderAfterHours",
      max_reminders as "maxReminders"
    from campaigns where org_id = ${orgId} and id = ${campaignId} for update`;
  return c;
}

/** The contacts an audience condition (over `contacts c`) selects, with their email. */
export async function selectAudienceContacts(
  sql: Sql,
  orgId: string,
  where: Fragment,
): Promise<Array<{ id: string; email: string | null }>> {
  return sql<{ id: string; email: string | null }[]>`
    select c.id, c.email from contacts c where c.org_id = ${orgId} and ${where}`;
}

/** One invitation of a campaign as queued (or suppressed, with the reason). */
export interface CampaignInvitationRow {
  contact_id: string;
  email: string | null;
  status: string;
  reason: string | null;
  token_nonce: string | null;
}

/** Insert a campaign's invitations, 5,000 per statement (one already there is left as it is). */
export async function insertCampaignInvitations(
  sql: Sql,
  orgId: string,
  campaign: { id: string; surveyId: string },
  rows: CampaignInvitationRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    await sql`
      insert into invitations (org_id, survey_id, campaign_id, contact_id, channel, source, status, reason, token_nonce, email)
      select ${orgId}, ${campaign.surveyId}, ${campaign.id}, x.contact_id, 'email', 'campaign', x.status, x.reason, x.token_nonce, x.email
      from jsonb_to_recordset(${sql.json(rows.slice(i, i + 5_000) as never)}::jsonb)
        as x(contact_id uuid, email text, status text, reason text, token_nonce text)
      on conflict do nothing`;
  }
}

/** Mark the campaign as sending. */
export async function markCampaignSending(sql: Sql, orgId: string, campaignId: string): Promise<void> {
  await sql`update campaigns set status = 'sending', launched_at = now() where org_id = ${orgId} and id = ${campaignId}`;
}
