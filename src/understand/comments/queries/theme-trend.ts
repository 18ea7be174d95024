// Query: comments per theme per time bucket, with the bucket's total of enriched comments.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/** One bucket of one theme (`theme` null: all enriched comments of the bucket). */
export interface TrendRow {
  period: string;
  theme: string | null;
  n: number;
}

/**
 * Volume per `interval` bucket (local dates in `timeZone`) and theme. `shortRange`: the filter's dates
 * span under a day (the edges of a range the rollup answers): its records are read by the time index
 * alone, first, then checked (as `getThemeScoreSums` does, and for the same reason).
 */
export async function getThemeTrend(
  sql: Sql,
  orgId: string,
  interval: 'day' | 'week' | 'month',
  timeZone: string,
  filter: CommentFilter,
  shortRange = false,
): Promise<TrendRow[]> {
  const source = shortRange
    ? sql`(
        with r as materialized (
          select * from feedback f
          where f.org_id = ${orgId}
            ${filter.from ? sql`and f.occurred_at >= ${filter.from}` : sql``}
            ${filter.to ? sql`and f.occurred_at < ${filter.to}` : sql``}
        )
        select * from r
      )`
    : sql`feedback`;
  return sql<TrendRow[]>`
    with c as (
      select date_trunc(${interval}, f.occurred_at at time zone ${timeZone})::date as period,
        f.enrichment -> 'themeIds' as themes
      from ${source} f
      where ${whereComments(sql, orgId, filter)} and f.enrichment is not null and f.enrichment ->> 'skipped' is null
    )
    select to_char(period, 'YYYY-MM-DD') as period, theme, count(*)::int as n
    from (
      select c.period, t.theme from c cross join lateral jsonb_array_elements_text(c.themes) as t(theme)
      union all
      select c.period, null from c
    ) as x
    group by period, theme
    order by period, theme nulls first`;
}
