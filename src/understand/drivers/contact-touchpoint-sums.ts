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
 * feedback record, with or without a comment), as in the score reads. With `outcome`, only the contacts
 * that can have it are read (those with the attribute, or an NPS answer in the survey the filter keeps):
 * the others never enter the analysis, and at 1 M records they are three rows in four.
 */
export async function getContactTouchpointSums(
  sql: Sql,
  orgId: string,
  metric: Metric,
  filter: SliceFilter,
  excludeSurveys: readonly string[],
  outcome?: { attribute: string } | { surveyId: string },
): Promise<ContactTouchpointSum[]> {
  const col = sql(metric);
  const only = !outcome
    ? sql``
    : 'attribute' in outcome
      ? sql`and contact_id in (select id from contacts where org_id = ${orgId} and attributes ? ${outcome.attribute})`
      : sql`and contact_id in (
          select contact_id from feedback
          where org_id = ${orgId} and survey_id = ${outcome.surveyId} and contact_id is not null and nps is not null
            ${rawFilter(sql, { filter }, [])})`;
  return sql<ContactTouchpointSum[]>`
    select contact_id::text as "contactId", touchpoint_id::text as "touchpointId", count(*)::int as n,
      sum(${col})::float8 as sum
    from feedback
    where org_id = ${orgId} and contact_id is not null and touchpoint_id is not null and ${col} is not null
      ${rawFilter(sql, { filter }, excludeSurveys)} ${only}
    group by 1, 2`;
}
