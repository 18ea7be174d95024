// Query: sufficient statistics of a score per theme and overall, over enriched comments.
import type { Sql } from '../../../platform/db/index.js';
import { type CommentFilter, whereComments } from '../filters.js';

/** The measures impact can be computed on. */
export type ImpactMeasure = 'nps' | 'csat' | 'ces' | 'rating';

/** Counts and shifted sums of one group (`theme` null: all scored comments). */
export interface ScoreSums {
  theme: string | null;
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** CSAT 4–5 (top-2-box). */
  top: number;
  /** sum(score − shift) and sum((score − shift)²). */
  sum: number;
  sumSquares: number;
}

/** Shift applied to each measure's sums (its scale midpoint) so variances stay exact. */
export const SHIFT: Record<ImpactMeasure, number> = { nps: 5, csat: 3, ces: 4, rating: 0.5 };

/**
 * One row per theme (comments mentioning it) and one row with theme null (all comments), counting
 * only comments that were enriched, not skipped, and carry the measure.
 */
export async function getThemeScoreSums(
  sql: Sql,
  orgId: string,
  measure: ImpactMeasure,
  filter: CommentFilter,
): Promise<ScoreSums[]> {
  const col = sql(`f.${measure}`);
  const shift = SHIFT[measure];
  // One pass: each comment counts once per theme and once in the overall group, which the JSON null
  // appended to its theme list becomes (a SQL NULL theme).
  return sql<ScoreSums[]>`
    select t.theme, count(*)::int as n,
      (count(*) filter (where ${col} >= 9))::int as promoters,
      (count(*) filter (where ${col} between 7 and 8))::int as passives,
      (count(*) filter (where ${col} <= 6))::int as detractors,
      (count(*) filter (where ${col} >= 4))::int as top,
      coalesce(sum(${col}::float8 - ${shift}), 0)::float8 as sum,
      coalesce(sum((${col}::float8 - ${shift}) ^ 2), 0)::float8 as "sumSquares"
    from feedback f
      cross join lateral jsonb_array_elements_text((f.enrichment -> 'themeIds') || 'null'::jsonb) as t(theme)
    where ${whereComments(sql, orgId, filter)} and f.enrichment is not null
      and f.enrichment ->> 'skipped' is null and ${col} is not null
    group by t.theme`;
}
