// Statements of the sending jobs: the next queued invitations of a campaign, the campaign marked sent,
// its reminder settings, and the invitations due a reminder.
import type { Sql } from '../../../../platform/db/index.js';

/** Up to 100 queued invitation ids of a campaign, in id order. */
export async function selectQueuedInvitationIds(
  sql: Sql,
  orgId: string,
  campaignId: string,
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from invitations where org_id = ${orgId} and campaign_id = ${campaignId} and status = 'queued'
    order by id limit 100`;
  return rows.map((r) => r.id);
}

/** Mark a sending campaign as sent. */
export async function markCampaignSent(sql: Sql, orgId: string, campaignId: string): Promise<void> {
  await sql`update campaigns set status = 'sent' where org_id = ${orgId} and id = ${campaignId} and status = 'sending'`;
}

/** A campaign's reminder settings, or undefined when there is no such campaign. */
export async function selectReminderSettings(
  sql: Sql,
  orgId: string,
  campaignId: string,
): Promise<{ maxReminders: number; hours: number } | undefined> {
  const [c] = await sql<{ maxReminders: number; hours: number }[]>`
    select max_reminders as "maxReminders", reminder_after_hours as hours from campaigns
    where org_id = ${orgId} and id = ${campaignId}`;
  return c;
}

/** Invitations sent (or opened) without a response that have had fewer than `round` reminders. */
export async function selectDueReminders(
  sql: Sql,
  orgId: string,
  campaignId: string,
  round: number,
): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id from invitations
    where org_id = ${orgId} and campaign_id = ${campaignId} and status in ('sent', 'opened') and reminders_sent < ${round}
    order by id`;
  return rows.map((r) => r.id);
}
