// One query: per contact and touchpoint, the count and sum of a metric over the records a filter keeps.
import type { Sql } from '../../platform/db/index.js';
import type { Metric, SliceFilter } from '../sums/index.js';
import { rawFilter } from '../sums/raw-sums.js';

/** One contact's answers at one touchpoint. */
export interface ContactTouchpointSum {
  contactId: string;
  touchpointId: string;
  n: number;
  sum: number;
}

/**
 * Per-contact touchpoint scores (ratings as stored, 0..1), leaving mirror surveys out. Every filter of
 * the slice applies (dates, channel, survey, touchpoint, stage, journey, `attr.*` and `meta.*` of the
 * feedback record, with or without a comment), as in the score reads.
 */
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
      ${rawFilter(sql, { filter }, excludeSurveys)}
    group by 1, 2`;
}
