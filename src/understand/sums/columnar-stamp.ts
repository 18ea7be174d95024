// One query: an organisation's analytics counters now, to tell whether its columnar index is current.
import type { Sql } from '../../platform/db/index.js';

/** The analytics version and the rewrite counter (see `readIndexRows`), read in one snapshot. */
export async function getIndexCounters(
  sql: Sql,
  orgId: string,
): Promise<{ version: string; rewrites: string }> {
  const [row] = await sql<{ version: string; rewrites: string }[]>`
    select (select coalesce(sum(n), 0) from analytics_versions where org_id = ${orgId})::text as version,
      (select coalesce(sum(n), 0) from feedback_rewrites where org_id = ${orgId})::text as rewrites`;
  return row ?? { version: '0', rewrites: '0' };
}
