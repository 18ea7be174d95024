// Statements on `contact_deltas` (migration 0039): an organisation's kept contact count, folding its
// rows into one; and the first contacts by id.
import type { Sql } from '../../../platform/db/index.js';

/** The organisation's contact count (the sum of its delta rows), and how many rows it has. */
export async function selectContactCount(sql: Sql, orgId: string): Promise<{ count: number; rows: number }> {
  const [row] = await sql<{ count: number; rows: number }[]>`
    select coalesce(sum(n), 0)::int as count, count(*)::int as rows from contact_deltas where org_id = ${orgId}`;
  return row!;
}

/**
 * Fold the organisation's delta rows into one, in one statement: rows written meanwhile (not yet
 * visible) stay for a later fold; a concurrent fold skips the rows this one deleted, so no row is
 * summed twice. The folded row is written only while the organisation exists, its row key-share locked
 * until commit: deleting the organisation (whose trigger deletes its rows, migration 0041) waits for the
 * fold, and a fold after it writes nothing.
 */
export async function foldContactDeltas(sql: Sql, orgId: string): Promise<void> {
  await sql`
    with gone as (delete from contact_deltas where org_id = ${orgId} returning n)
    insert into contact_deltas (org_id, n) select ${orgId}, sum(n) from gone
    where exists (select 1 from organisations where id = ${orgId} for key share)
    having count(*) > 0`;
}

/**
 * Organisations (at most `limit`) with more than `over` delta rows: the sweep's work. Not scoped to one
 * organisation: the worker folds every organisation's rows.
 */
export async function selectPiledContactDeltas(sql: Sql, over: number, limit: number): Promise<string[]> {
  const rows = await sql<{ orgId: string }[]>`
    select org_id as "orgId" from contact_deltas group by org_id having count(*) > ${over} limit ${limit}`;
  return rows.map((r) => r.orgId);
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
