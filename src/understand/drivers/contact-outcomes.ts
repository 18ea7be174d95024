// One query: each contact's outcome, from a contact attribute or the mean NPS they gave in one survey.
import type { Sql } from '../../platform/db/index.js';
import type { SliceFilter } from '../sums/index.js';
import { rawFilter } from '../sums/raw-sums.js';

/**
 * Contact id -> raw outcome value (attribute value, or mean NPS in the survey over the records the
 * slice filter keeps: the same dates, channel, attributes and metadata as the drivers).
 */
export async function getContactOutcomes(
  sql: Sql,
  orgId: string,
  outcome: { attribute: string } | { surveyId: string; filter: SliceFilter },
): Promise<Array<{ contactId: string; value: unknown }>> {
  if ('attribute' in outcome) {
    return sql<Array<{ contactId: string; value: unknown }>>`
      select id::text as "contactId", attributes -> ${outcome.attribute} as value
      from contacts where org_id = ${orgId} and attributes ? ${outcome.attribute}`;
  }
  return sql<Array<{ contactId: string; value: unknown }>>`
    select contact_id::text as "contactId", avg(nps)::float8 as value
    from feedback
    where org_id = ${orgId} and survey_id = ${outcome.surveyId} and contact_id is not null and nps is not null
      ${rawFilter(sql, { filter: outcome.filter }, [])}
    group by 1`;
}
