// One query: the mirror surveys of a customer survey.
import type { Sql } from '../../platform/db/index.js';

/** Ids and names of the surveys that mirror `surveyId`. */
export async function getMirrorsOf(
  sql: Sql,
  orgId: string,
  surveyId: string,
): Promise<Array<{ id: string; name: string }>> {
  return sql<Array<{ id: string; name: string }>>`
    select id::text, name from surveys where org_id = ${orgId} and mirror_of = ${surveyId} order by created_at, id`;
}
