// Statements on `feedback` for the listing, the intake of non-survey records and the live feed.
import type { Fragment } from 'postgres';
import type { Sql } from '../../../platform/db/index.js';
import type { Feedback, FeedbackFilter } from '../index.js';

const COLUMNS = (sql: Sql) => sql`id, source, source_id as "sourceId", response_id as "responseId",
  survey_id as "surveyId", contact_id as "contactId", journey_id as "journeyId", stage_id as "stageId",
  touchpoint_id as "touchpointId", channel, occurred_at as "occurredAt", nps, csat, ces, rating,
  rating_scale as "ratingScale", text, language, attributes, metadata, enrichment`;

/** Up to `limit` records matching the filter, newest first, after the cursor position when given. */
export async function selectFeedbackPage(
  sql: Sql,
  orgId: string,
  filter: FeedbackFilter,
  after: { at: Date; id: string } | undefined,
  limit: number,
): Promise<Feedback[]> {
  return sql<Feedback[]>`
    select ${COLUMNS(sql)}
    from feedback
    where org_id = ${orgId}
      ${filter.source ? sql`and source = ${filter.source}` : sql``}
      ${filter.surveyId ? sql`and survey_id = ${filter.surveyId}` : sql``}
      ${filter.touchpointId ? sql`and touchpoint_id = ${filter.touchpointId}` : sql``}
      ${filter.contactId ? sql`and contact_id = ${filter.contactId}` : sql``}
      ${filter.journeyId ? sql`and journey_id = ${filter.journeyId}` : sql``}
      ${filter.channel ? sql`and channel = ${filter.channel}` : sql``}
      ${filter.from ? sql`and occurred_at >= ${filter.from}` : sql``}
      ${filter.to ? sql`and occurred_at < ${filter.to}` : sql``}
      ${filter.hasText === true ? sql`and text is not null` : filter.hasText === false ? sql`and text is null` : sql``}
      ${after ? sql`and (occurred_at, id) < (${after.at}, ${after.id})` : sql``}
    order by occurred_at desc, id desc
    limit ${limit}`;
}

/**
 * Insert non-survey records (snake_case rows) with their touchpoint's journey and stage; a
 * (source, source_id) already stored is skipped. `keepsOriginal` decides whether the unredacted text
 * is kept. Returns the inserted rows.
 */
export async function insertFeedbackRows(
  sql: Sql,
  orgId: string,
  rows: Array<Record<string, unknown>>,
  keepsOriginal: Fragment,
): Promise<{ id: string; source: string; sourceId: string; hasText: boolean }[]> {
  return sql<{ id: string; source: string; sourceId: string; hasText: boolean }[]>`
    insert into feedback (org_id, source, source_id, contact_id, journey_id, stage_id, touchpoint_id, channel,
      occurred_at, nps, csat, ces, rating, rating_scale, text, text_original, language, attributes, metadata)
    select ${orgId}, x.source, x.source_id, x.contact_id, t.journey_id, t.stage_id, x.touchpoint_id, x.channel,
      x.occurred_at, x.nps, x.csat, x.ces, x.rating, x.rating_scale, x.text,
      case when ${keepsOriginal} then x.text_original end, x.language, x.attributes, x.metadata
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
      source text, source_id text, contact_id uuid, touchpoint_id uuid, channel text, occurred_at timestamptz,
      nps smallint, csat smallint, ces smallint, rating real, rating_scale smallint, text text,
      text_original text, language text, attributes jsonb, metadata jsonb)
      left join touchpoints t on t.org_id = ${orgId} and t.id = x.touchpoint_id
    on conflict (org_id, source, source_id) do nothing
    returning id, source, source_id as "sourceId", text is not null as "hasText"`;
}

/** The ids of stored records with these (source, sourceId) pairs. */
export async function selectFeedbackIdsBySource(
  sql: Sql,
  orgId: string,
  sources: string[],
  sourceIds: string[],
): Promise<{ id: string; source: string; sourceId: string }[]> {
  return sql<{ id: string; source: string; sourceId: string }[]>`
    select f.id, f.source, f.source_id as "sourceId" from feedback f
    join unnest(${sources}::text[], ${sourceIds}::text[]) as k(source, source_id)
      on f.source = k.source and f.source_id = k.source_id
    where f.org_id = ${orgId}`;
}

/** Records by id, oldest first. */
export async function selectFeedbackByIds(sql: Sql, orgId: string, ids: string[]): Promise<Feedback[]> {
  return sql<Feedback[]>`select ${COLUMNS(sql)} from feedback
    where org_id = ${orgId} and id = any(${ids}::uuid[]) order by occurred_at, id`;
}

/** Records of these organisations that occurred in the last `seconds`, oldest first (at most 2000). */
export async function selectRecentFeedback(
  sql: Sql,
  orgIds: string[],
  seconds: number,
): Promise<Array<Feedback & { orgId: string }>> {
  return sql<Array<Feedback & { orgId: string }>>`
    select org_id as "orgId", ${COLUMNS(sql)}
    from feedback
    where org_id = any(${orgIds}::uuid[]) and occurred_at > now() - make_interval(secs => ${seconds})
    order by occurred_at, id limit 2000`;
}

/** Send the payloads on a notification channel; the commit does not wait for its WAL flush. */
export async function notifyAll(sql: Sql, channel: string, payloads: string[]): Promise<void> {
  await sql`
    select set_config('synchronous_commit', 'off', true),
      (select count(pg_notify(${channel}, x)) from unnest(${payloads}::text[]) as x)`;
}
