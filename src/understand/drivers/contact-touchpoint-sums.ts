// One query: per contact and touchpoint, the count and sum of a metric over a range.
import type { Sql } from '../../platform/db/index.js';
import type { Metric, SliceFilter } from '../sums/index.js';

/** One contact's answers at one touchpoint. */
export interface ContactTouchpointSum {
  contactId: string;
  touchpointId: string;
  n: number;
  sum: number;
}

/** Per-contact touchpoint scores (ratings as stored, 0..1), leaving mirror surveys out. */
export async function getContactTouchpointSums(
  sql: Sql,
  orgId: string,
  metric: Metric,
  filter: SliceFilter,
  excludeSurveys: readonly string[],
): Promise<ContactTouchpointSum[]> {
  const col = sql(metric);
  return sql<ContactTouchpointSum[]>`
    select contact_id::text as "contactId", touchpoint_id::text as "touchpointId", count(*)::int as n,
      sum(${col})::float8 as sum
    from feedback
    where org_id = ${orgId} and contact_id is not null and touchpoint_id is not null and ${col} is not null
      ${filter.from ? sql`and occurred_at >= ${filter.from}` : sql``}
      ${filter.to ? sql`and occurred_at < ${filter.to}` : sql``}
      ${excludeSurveys.length > 0 ? sql`and (survey_id is null or survey_id <> all(${excludeSurveys as string[]}::uuid[]))` : sql``}
    group by 1, 2`;
}
