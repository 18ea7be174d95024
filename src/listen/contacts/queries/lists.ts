// Statements on contact lists: create, read with sizes, check, add members, and the list as a
// condition on `contacts c`.
import type { Fragment } from 'postgres';
import type { Sql } from '../../../platform/db/index.js';
import type { ContactList } from '../segments.js';

/** Insert a list; undefined when the name is taken. */
export async function insertList(sql: Sql, orgId: string, name: string): Promise<ContactList | undefined> {
  const [row] = await sql<ContactList[]>`
    insert into contact_lists (org_id, name) values (${orgId}, ${name}) on conflict do nothing
    returning id, name, 0 as size, created_at as "createdAt"`;
  return row;
}

/** Every list with its size, by name. */
export async function selectLists(sql: Sql, orgId: string): Promise<ContactList[]> {
  return sql<ContactList[]>`
    select l.id, l.name, l.created_at as "createdAt",
      (select count(*) from contact_list_members m where m.org_id = l.org_id and m.list_id = l.id)::int as size
    from contact_lists l where l.org_id = ${orgId} order by l.name`;
}

/** Whether the list exists in the organisation. */
export async function listExists(sql: Sql, orgId: string, listId: string): Promise<boolean> {
  const [list] = await sql`select 1 from contact_lists where org_id = ${orgId} and id = ${listId}`;
  return Boolean(list);
}

/** Add the organisation's contacts among `contactIds` to the list; returns how many were added. */
export async function addListMembers(
  sql: Sql,
  orgId: string,
  listId: string,
  contactIds: string[],
): Promise<number> {
  const rows = await sql`
    insert into contact_list_members (org_id, list_id, contact_id)
    select ${orgId}, ${listId}, c.id from contacts c where c.org_id = ${orgId} and c.id = any(${contactIds}::uuid[])
    on conflict do nothing returning contact_id`;
  return rows.length;
}

/** The condition on `contacts c` selecting the list's members. */
export function listCondition(sql: Sql, listId: string): Fragment {
  return sql`exists (select 1 from contact_list_members m where m.org_id = c.org_id and m.list_id = ${listId} and m.contact_id = c.id)`;
}

/**
 * How many contacts the list holds, and its first `limit` by id: read from its members (their key
 * orders them by contact, and every member is a contact: the foreign key cascades deletes), never
 * by a pass over every contact.
 */
export async function previewListMembers(
  sql: Sql,
  orgId: string,
  listId: string,
  limit: number,
): Promise<{
  count: number;
  sample: Array<{ id: string; email: string | null; externalId: string | null }>;
}> {
  const [[n], sample] = await Promise.all([
    sql<{ n: number }[]>`
      select count(*)::int as n from contact_list_members where org_id = ${orgId} and list_id = ${listId}`,
    sql<Array<{ id: string; email: string | null; externalId: string | null }>>`
      select c.id, c.email, c.external_id as "externalId"
      from contact_list_members m join contacts c on c.org_id = m.org_id and c.id = m.contact_id
      where m.org_id = ${orgId} and m.list_id = ${listId} order by m.contact_id limit ${limit}`,
  ]);
  return { count: n!.n, sample };
}
