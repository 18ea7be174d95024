// Query: comments per theme per time bucket, read from feedback_theme_rollup (and its pending deltas).
import type { Sql } from '../../../platform/db/index.js';
import { type ThemeRollupRange, themeRollupWhere } from './theme-rollup-where.js';
import type { TrendRow } from './theme-trend.js';

/** The same rows, in the same order, as `getThemeTrend` (range.grain nests in `interval`). */
export async function getThemeRollupTrend(
  sql: Sql,
  orgId: string,
  interval: 'day' | 'week' | 'month',
  range: ThemeRollupRange,
): Promise<TrendRow[]> {
  const where = themeRollupWhere(sql, orgId, range);
  return sql<TrendRow[]>`
    select to_char(period, 'YYYY-MM-DD') as period, nullif(theme, '') as theme, n from (
      select date_trunc(${interval}, day::timestamp)::date as period, theme, sum(comments)::int as n
      from (
        select day, theme, comments from feedback_theme_rollup where ${where}
        union all
        select day, theme, comments from feedback_theme_rollup_delta where ${where}
      ) r
      group by 1, 2
      having sum(comments) > 0
    ) x
    order by period, nullif(theme, '') nulls first`;
}
