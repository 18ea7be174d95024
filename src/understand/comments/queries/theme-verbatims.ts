// Query: representative comments of one theme.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';
import { COMMENT_COLUMNS, type CommentRow } from './search-comments.js';

/** How many recent mentions are considered when picking representatives. */
export const VERBATIM_CANDIDATES = 2_000;

/**
 * Among the theme's most recent mentions, those that read well on their own: comments of 40–400
 * characters first, then the ones that mention the theme most and most strongly (sentence sentiment
 * furthest from neutral), then the newest. `candidates`: those mentions' ids, found by the comment index.
 */
export async function getThemeVerbatims(
  sql: Sql,
  orgId: string,
  theme: string,
  filter: CommentFilter,
  limit: number,
  candidates?: readonly string[],
): Promise<CommentRow[]> {
  // The candidates found by the comment index, or the newest mentions the filter keeps.
  const which = candidates
    ? sql`f.org_id = ${orgId} and f.id = any(${candidates as string[]}::uuid[])`
    : sql`${whereComments(sql, orgId, { ...filter, theme })} order by f.occurred_at desc limit ${VERBATIM_CANDIDATES}`;
  return sql<CommentRow[]>`
    with recent as (
      select ${sql.unsafe(COMMENT_COLUMNS)}, th.x as th
      from feedback f
        cross join lateral (
          select x from jsonb_array_elements(f.enrichment -> 'themes') as x where x ->> 'id' = ${theme} limit 1
        ) as th
      where ${which}
    )
    select id, text, "occurredAt", source, channel, "touchpointId", "surveyId", nps, csat, ces, rating, language,
      enrichment
    from recent
    order by (length(text) between 40 and 400) desc, (th ->> 'mentions')::int desc,
      abs(coalesce((th ->> 'sentiment')::float8, 0)) desc, "occurredAt" desc
    limit ${limit}`;
}
