// Query: comments matching a filter (full text, theme, sentiment, score, place, segment, dates), newest first.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/** A comment as search and verbatims return it. */
export interface CommentRow {
  id: string;
  text: string;
  occurredAt: Date;
  source: string;
  channel: string;
  touchpointId: string | null;
  surveyId: string | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  rating: number | null;
  language: string | null;
  enrichment: {
    sentiment?: { label: string; score: number } | null;
    themes?: Array<{ id: string; name: string; parent?: string; sentiment?: number; source?: string }>;
  } | null;
}

/** Shared select list of comment rows. */
export const COMMENT_COLUMNS = `f.id, f.text, f.occurred_at as "occurredAt", f.source, f.channel,
  f.touchpoint_id as "touchpointId", f.survey_id as "surveyId", f.nps, f.csat, f.ces, f.rating, f.language,
  case when f.enrichment is null then null
    else jsonb_build_object('sentiment', f.enrichment -> 'sentiment', 'themes', f.enrichment -> 'themes') end
    as enrichment`;

/**
 * Up to `limit` comments before the keyset position `before` (occurred_at, id), newest first. With
 * `window`, only the `window` newest comments of the place and dates are searched for the other filters
 * (channel, segment, score, theme, sentiment, words): a walk down the time index that stops at the
 * `limit`-th match, and answers common words, themes and segments in milliseconds, where the word or
 * theme index, or a misjudged segment, would fetch every match before sorting them. The caller falls
 * back to the full query when the window holds fewer than `limit` matches.
 */
export async function searchComments(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  page: { limit: number; before?: { occurredAt: Date; id: string } | undefined; window?: number },
): Promise<CommentRow[]> {
  const keyset = page.before
    ? sql`and (f.occurred_at, f.id) < (${page.before.occurredAt}, ${page.before.id})`
    : sql``;
  if (page.window) {
    return sql<CommentRow[]>`
      select ${sql.unsafe(COMMENT_COLUMNS)}
      from (
        select * from feedback f
        where ${whereComments(sql, orgId, filter, 'walk')} ${keyset}
        order by f.occurred_at desc, f.id desc
        limit ${page.window}
      ) as f
      where ${whereComments(sql, orgId, filter, 'rest')}
      order by f.occurred_at desc, f.id desc
      limit ${page.limit}`;
  }
  if (filter.q) {
    // Words beyond the window are rare: fetch their matches from the word index first (a planner that
    // misjudges a rare word would otherwise walk the whole time index computing every text's vector).
    return sql<CommentRow[]>`
      with m as materialized (
        select f.id from feedback f
        where f.org_id = ${orgId} and f.text is not null
          and to_tsvector('simple', f.text) @@ websearch_to_tsquery('simple', ${filter.q})
      )
      select ${sql.unsafe(COMMENT_COLUMNS)}
      from m join feedback f on f.org_id = ${orgId} and f.id = m.id
      where ${whereComments(sql, orgId, { ...filter, q: undefined })} ${keyset}
      order by f.occurred_at desc, f.id desc
      limit ${page.limit}`;
  }
  return sql<CommentRow[]>`
    select ${sql.unsafe(COMMENT_COLUMNS)}
    from feedback f
    where ${whereComments(sql, orgId, filter)} ${keyset}
    order by f.occurred_at desc, f.id desc
    limit ${page.limit}`;
}
