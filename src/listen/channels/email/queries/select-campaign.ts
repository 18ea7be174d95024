// Query: one campaign of the organisation, and its invitations counted by status.
import type { Sql } from '../../../../platform/db/index.js';
import type { Audience } from '../../../contacts/index.js';

/** A campaign as stored (localised texts as maps by language). */
export interface StoredCampaign {
  id: string;
  surveyId: string;
  name: string;
  channel: 'email';
  audience: Audience;
  subject: Record<string, string>;
  intro: Record<string, string>;
  language: string;
  reminderAfterHours: number | null;
  maxReminders: number;
  status: 'draft' | 'sending' | 'sent';
  createdAt: Date;
  launchedAt: Date | null;
}

/** The campaign, or undefined (also for another organisation's id). */
export async function selectCampaign(
  sql: Sql,
  orgId: string,
  campaignId: string,
): Promise<StoredCampaign | undefined> {
  const [c] = await sql<StoredCampaign[]>`
    select id, survey_id as "surveyId", name, channel, audience, subject, intro, language,
      reminder_after_hours as "reminderAfterHours", max_reminders as "maxReminders", status,
      created_at as "createdAt", launched_at as "launchedAt"
    from campaigns where org_id = ${orgId} and id = ${campaignId}`;
  return c;
}

/** How many of the campaign's invitations are in each status (statuses without any left out). */
export async function countInvitationsByStatus(
  sql: Sql,
  orgId: string,
  campaignId: string,
): Promise<Array<{ status: string; n: number }>> {
  return sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from invitations where org_id = ${orgId} and campaign_id = ${campaignId} group by status`;
}

/** Whether the campaign is the organisation's. */
export async function campaignExists(sql: Sql, orgId: string, campaignId: string): Promise<boolean> {
  const [campaign] = await sql`select 1 from campaigns where org_id = ${orgId} and id = ${campaignId}`;
  return Boolean(campaign);
}
