// Query: the organisation's campaigns (of one survey, or all), newest first, with their invitations
// counted by status in the same statement.
import type { Sql } from '../../../../platform/db/index.js';
import type { StoredCampaign } from './select-campaign.js';

/** Campaigns with `counts` (status → invitations); at most `limit`. */
export async function selectCampaigns(
  sql: Sql,
  orgId: string,
  opts: { surveyId?: string | undefined; limit: number },
): Promise<Array<StoredCampaign & { counts: Record<string, number> | null }>> {
  return sql<Array<StoredCampaign & { counts: Record<string, number> | null }>>`
    select c.id, c.survey_id as "surveyId", c.name, c.channel, c.audience, c.subject, c.intro, c.language,
      c.reminder_after_hours as "reminderAfterHours", c.max_reminders as "maxReminders", c.status,
      c.created_at as "createdAt", c.launched_at as "launchedAt",
      (select jsonb_object_agg(s.status, s.n) from (
         select i.status, count(*)::int as n from invitations i
         where i.org_id = c.org_id and i.campaign_id = c.id group by i.status) s) as counts
    from campaigns c
    where c.org_id = ${orgId} ${opts.surveyId ? sql`and c.survey_id = ${opts.surveyId}` : sql``}
    order by c.created_at desc, c.id
    limit ${opts.limit}`;
}
