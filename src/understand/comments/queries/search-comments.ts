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

/** Up to `limit` comments before the keyset position `before` (occurred_at, id), newest first. */
export async function searchComments(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  page: { limit: number; before?: { occurredAt: Date; id: string } | undefined },
): Promise<CommentRow[]> {
  const keyset = page.before
    ? sql`and (f.occurred_at, f.id) < (${page.before.occurredAt}, ${page.before.id})`
    : sql``;
  return sql<CommentRow[]>`
    select ${sql.unsafe(COMMENT_COLUMNS)}
    from feedback f
    where ${whereComments(sql, orgId, filter)} ${keyset}
    order by f.occurred_at desc, f.id desc
    limit ${page.limit}`;
}
