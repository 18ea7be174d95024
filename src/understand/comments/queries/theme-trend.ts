// Query: comments per theme per time bucket, with the bucket's total of enriched comments.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/** One bucket of one theme (`theme` null: all enriched comments of the bucket). */
export interface TrendRow {
  period: string;
  theme: string | null;
  n: number;
}

/** Volume per `interval` bucket (local dates in `timeZone`) and theme. */
export async function getThemeTrend(
  sql: Sql,
  orgId: string,
  interval: 'day' | 'week' | 'month',
  timeZone: string,
  filter: CommentFilter,
): Promise<TrendRow[]> {
  return sql<TrendRow[]>`
    with c as (
      select date_trunc(${interval}, f.occurred_at at time zone ${timeZone})::date as period,
        f.enrichment -> 'themeIds' as themes
      from feedback f
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
