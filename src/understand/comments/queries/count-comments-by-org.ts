// Query: how many comments each organisation has, most first (for the comment index's warm-up).
import type { Sql } from '../../../platform/db/index.js';

/** Organisations with comments (records with a text) and how many, most first. */
export async function countCommentsByOrg(sql: Sql): Promise<Array<{ org: string; n: number }>> {
  return sql<{ org: string; n: number }[]>`
    select org_id::text as org, count(*)::float8 as n from feedback where text is not null
    group by org_id order by 2 desc`;
}
