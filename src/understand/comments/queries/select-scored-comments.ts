// Query: the organisation's comments with a score, as training data for a sentiment model.
import type { Sql } from '../../../platform/db/index.js';

/** Score column a sentiment model learns from. */
export type TrainMetric = 'nps' | 'csat' | 'rating';

/** Comments with the chosen score (most recent first, at most `limit`). */
export async function selectScoredComments(
  sql: Sql,
  orgId: string,
  metric: TrainMetric,
  limit: number,
): Promise<Array<{ text: string; score: number }>> {
  const column = sql(metric);
  return sql<Array<{ text: string; score: number }>>`
    select coalesce(text_original, text) as text, ${column}::float8 as score
    from feedback
    where org_id = ${orgId} and text is not null and ${column} is not null
    order by occurred_at desc
    limit ${limit}`;
}
