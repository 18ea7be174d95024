// One query: the organisation's mirror surveys (internal answers, kept out of customer scores).
import type { Sql } from '../../platform/db/index.js';

/** Ids of the surveys that mirror another survey. */
export async function getMirrorSurveyIds(sql: Sql, orgId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`
    select id::text from surveys where org_id = ${orgId} and mirror_of is not null order by id`;
  return rows.map((r) => r.id);
}
