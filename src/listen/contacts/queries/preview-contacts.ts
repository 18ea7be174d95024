// Query: how many contacts a condition on `contacts c` selects, and the first of them.
import type { Fragment } from 'postgres';
import type { Sql } from '../../../platform/db/index.js';

/** The count and the first `limit` contacts (by id) the condition selects. */
export async function previewContacts(
  sql: Sql,
  orgId: string,
  where: Fragment,
  limit: number,
): Promise<{
  count: number;
  sample: Array<{ id: string; email: string | null; externalId: string | null }>;
}> {
  const [n] = await sql<
    { n: number }[]
  >`select count(*)::int as n from contacts c where c.org_id = ${orgId} and ${where}`;
  const sample = await sql<Array<{ id: string; email: string | null; externalId: string | null }>>`
    select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${orgId} and ${where}
    order by c.id limit ${limit}`;
  return { count: n!.n, sample };
}

/** Contacts by id, in id order (the first ones an index selected). */
export async function contactsByIds(
  sql: Sql,
  orgId: string,
  ids: string[],
): Promise<Array<{ id: string; email: string | null; externalId: string | null }>> {
  if (ids.length === 0) return [];
  return sql<Array<{ id: string; email: string | null; externalId: string | null }>>`
    select c.id, c.email, c.external_id as "externalId" from contacts c
    where c.org_id = ${orgId} and c.id = any(${ids}::uuid[]) order by c.id`;
}
