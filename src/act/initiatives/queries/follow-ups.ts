// SQL of "you said, we did" follow-ups: who to invite, and the follow-up campaigns of an initiative.
import type { Sql } from '../../../platform/db/index.js';

/**
 * Contacts whose feedback before the start raised one of the themes (an enriched comment tagged with it)
 * or answered at one of the targeted touchpoints. Consent and frequency are the campaign's to apply.
 */
export async function selectFollowUpContacts(
  sql: Sql,
  orgId: string,
  q: { touchpointIds: string[]; themes: string[]; before: string },
): Promise<string[]> {
  if (q.touchpointIds.length === 0 && q.themes.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select distinct f.contact_id as id from feedback f
    where f.org_id = ${orgId} and f.contact_id is not null
      and f.occurred_at < (${q.before}::date)::timestamp at time zone 'UTC'
      and (f.touchpoint_id = any(${q.touchpointIds}::uuid[])
        or (f.text is not null and f.enrichment -> 'themeIds' ?| ${q.themes}::text[]))
    order by 1`;
  return rows.map((r) => r.id);
}

/** A follow-up campaign of an initiative. */
export interface FollowUpRow {
  id: string;
  initiativeId: string;
  campaignId: string;
  listId: string;
  surveyId: string;
  message: string;
  createdAt: Date;
}

/** Record a follow-up. */
export async function insertFollowUp(
  sql: Sql,
  orgId: string,
  f: { initiativeId: string; campaignId: string; listId: string; message: string },
): Promise<{ id: string; createdAt: Date }> {
  const [row] = await sql<{ id: string; createdAt: Date }[]>`
    insert into initiative_follow_ups (org_id, initiative_id, campaign_id, list_id, message)
    values (${orgId}, ${f.initiativeId}, ${f.campaignId}, ${f.listId}, ${f.message})
    returning id, created_at as "createdAt"`;
  return row as { id: string; createdAt: Date };
}

/** An initiative's follow-ups, newest first, with their invitations counted by status. */
export async function selectFollowUps(
  sql: Sql,
  orgId: string,
  initiativeId: string,
): Promise<Array<FollowUpRow & { counts: Record<string, number> }>> {
  return sql`
    select u.id, u.initiative_id as "initiativeId", u.campaign_id as "campaignId", u.list_id as "listId",
      c.survey_id as "surveyId", u.message, u.created_at as "createdAt",
      coalesce((select jsonb_object_agg(s.status, s.n) from (
        select i.status, count(*)::int as n from invitations i
        where i.org_id = u.org_id and i.campaign_id = u.campaign_id group by i.status) s), '{}'::jsonb) as counts
    from initiative_follow_ups u join campaigns c on c.org_id = u.org_id and c.id = u.campaign_id
    where u.org_id = ${orgId} and u.initiative_id = ${initiativeId}
    order by u.created_at desc`;
}

/** Live surveys at a touchpoint, oldest first. */
export async function selectLiveSurveyIds(
  sql: Sql,
  orgId: string,
  touchpointId: string,
): Promise<Array<{ id: string }>> {
  return sql<{ id: string }[]>`
    select id from surveys where org_id = ${orgId} and touchpoint_id = ${touchpointId} and status = 'live'
    order by created_at, id`;
}
