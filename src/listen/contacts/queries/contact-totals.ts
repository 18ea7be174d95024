// Statements on `contact_deltas` (migration 0039): an organisation's kept contact count and change
// stamp, folding its rows into one; and the first contacts by id.
import type { Sql } from '../../../platform/db/index.js';

/** The organisation's contact count and change stamp (sums of its delta rows), and how many rows it has. */
export async function selectContactTotals(
  sql: Sql,
  orgId: string,
): Promise<{ count: number; changes: string; rows: number }> {
  const [row] = await sql<{ count: number; changes: string; rows: number }[]>`
    select coalesce(sum(n), 0)::int as count, coalesce(sum(changes), 0)::text as changes, count(*)::int as rows
    from contact_deltas where org_id = ${orgId}`;
  return row!;
}

/**
 * Fold the organisation's delta rows into one, in one statement: rows written meanwhile (not yet
 * visible) stay for a later fold; a concurrent fold skips the rows this one deleted, so no row is
 * summed twice.
 */
export async function foldContactDeltas(sql: Sql, orgId: string): Promise<void> {
  await sql`
    with gone as (delete from contact_deltas where org_id = ${orgId} returning n, changes)
    insert into contact_deltas (org_id, n, changes)
    select ${orgId}, sum(n), sum(changes) from gone having count(*) > 0`;
}

/** The organisation's first `limit` contacts by id. */
export async function selectFirstContacts(
  sql: Sql,
  orgId: string,
  limit: number,
): Promise<Array<{ id: string; email: string | null; externalId: string | null }>> {
  return sql<Array<{ id: string; email: string | null; externalId: string | null }>>`
    select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${orgId}
    order by c.id limit ${limit}`;
}
