// Query: how many comments a re-run to `revision` has to process.
import type { Sql } from '../../../platform/db/index.js';

/** Comments of the organisation whose enrichment predates `revision`. */
export async function countStaleComments(sql: Sql, orgId: string, revision: number): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::bigint as n from feedback
    where org_id = ${orgId} and text is not null and coalesce(enrichment_revision, 0) < ${revision}`;
  return Number(row?.n ?? 0);
}
