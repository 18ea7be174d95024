// The organisation's analytics version: grows with every change score reads could show (migration 0020).
import type { Sql } from '../../platform/db/index.js';

/**
 * The analytics version of an organisation, as text ('0' before its first change). Read it before
 * computing an answer, so that the answer is at least as new as the version it is tagged with.
 */
export async function getAnalyticsVersion(sql: Sql, orgId: string): Promise<string> {
  const [row] = await sql<{ v: string }[]>`
    select coalesce(sum(n), 0)::text as v from analytics_versions where org_id = ${orgId}`;
  return row?.v ?? '0';
}
