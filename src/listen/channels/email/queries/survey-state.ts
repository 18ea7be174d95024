// Query: whether a survey of the organisation exists, and whether it is live.
import type { Sql } from '../../../../platform/db/index.js';

/** Whether the survey exists in the organisation (and, with `live`, is live). */
export async function surveyExists(
  sql: Sql,
  orgId: string,
  surveyId: string,
  live = false,
): Promise<boolean> {
  const [row] = live
    ? await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId} and status = 'live'`
    : await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  return Boolean(row);
}
