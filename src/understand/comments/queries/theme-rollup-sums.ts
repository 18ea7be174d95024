// Query: the per-theme sums of theme impact, read from feedback_theme_rollup (and its pending deltas).
import type { Sql } from '../../../platform/db/index.js';
import { type ThemeRollupRange, themeRollupWhere } from './theme-rollup-where.js';
import { type ImpactMeasure, type ScoreSums, SHIFT } from './theme-score-sums.js';

/** Per measure: the rollup expressions of n, promoters, passives, detractors, top, sum, sumSquares. */
function measureColumns(sql: Sql, measure: ImpactMeasure) {
  if (measure === 'nps')
    return sql`(sum(nps_p) + sum(nps_pa) + sum(nps_d))::int as n, sum(nps_p)::int as promoters,
      sum(nps_pa)::int as passives, sum(nps_d)::int as detractors, 0 as top, 0::float8 as sum, 0::float8 as "sumSquares"`;
  if (measure === 'csat')
    return sql`sum(csat_n)::int as n, 0 as promoters, 0 as passives, 0 as detractors, sum(csat_top)::int as top,
      0::float8 as sum, 0::float8 as "sumSquares"`;
  // sum(x − s) = Σx − n·s and sum((x − s)²) = Σx² − 2s·Σx + n·s², exactly, in numeric.
  const s = sql`${SHIFT[measure]}::numeric`;
  const [n, sum, sq] =
    measure === 'ces'
      ? [sql`sum(ces_n)::numeric`, sql`sum(ces_sum)::numeric`, sql`sum(ces_sq)::numeric`]
      : [sql`sum(rating_n)::numeric`, sql`sum(rating_sum)`, sql`sum(rating_sq)`];
  return sql`${n}::int as n, 0 as promoters, 0 as passives, 0 as detractors, 0 as top,
    (${sum} - ${n} * ${s})::float8 as sum, (${sq} - 2 * ${s} * ${sum} + ${n} * ${s} * ${s})::float8 as "sumSquares"`;
}

/** The same rows as `getThemeScoreSums` (themes with at least one enriched comment in range). */
export async function getThemeRollupSums(
  sql: Sql,
  orgId: string,
  measure: ImpactMeasure,
  range: ThemeRollupRange,
): Promise<ScoreSums[]> {
  const where = themeRollupWhere(sql, orgId, range);
  return sql<ScoreSums[]>`
    select nullif(theme, '') as theme, ${measureColumns(sql, measure)},
      sum(aspect_n)::int as "aspectN", sum(aspect_neg)::int as "aspectNegative",
      sum(aspect_pos)::int as "aspectPositive", sum(aspect_sum)::float8 as "aspectSum"
    from (
      select * from feedback_theme_rollup where ${where}
      union all
      select * from feedback_theme_rollup_delta where ${where}
    ) r
    group by theme
    having sum(comments) > 0`;
}
