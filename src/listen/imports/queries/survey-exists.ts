// Whether a survey named by an import's mapping exists in the importing organisation.
import type { Sql } from '../../../platform/db/index.js';

/** Whether the survey exists in the organisation. */
export async function surveyInOrg(sql: Sql, orgId: string, surveyId: string): Promise<boolean> {
  const [s] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  return Boolean(s);
}
