// One query: each contact's outcome, from a contact attribute or the mean NPS they gave in one survey.
import type { Sql } from '../../platform/db/index.js';

/** Contact id -> raw outcome value (attribute value, or mean NPS in the survey). */
export async function getContactOutcomes(
  sql: Sql,
  orgId: string,
  outcome: { attribute: string } | { surveyId: string; from?: Date | undefined; to?: Date | undefined },
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
      ${outcome.from ? sql`and occurred_at >= ${outcome.from}` : sql``}
      ${outcome.to ? sql`and occurred_at < ${outcome.to}` : sql``}
    group by 1`;
}
