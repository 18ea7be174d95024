// Statements on every row that names a contact, for export and erasure.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** Tables (public schema) that have org_id and contact_id columns, contacts itself excluded. */
export async function selectTablesWithContact(sql: Sql | TransactionSql): Promise<string[]> {
  const rows = await sql<{ table: string }[]>`
    select c.table_name as table from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and c.column_name = 'contact_id' and t.table_type = 'BASE TABLE'
      and c.table_name <> 'contacts'
      and exists (select 1 from information_schema.columns o where o.table_schema = 'public'
        and o.table_name = c.table_name and o.column_name = 'org_id')
    order by c.table_name`;
  return rows.map((r) => r.table);
}

/** The contact's own row as JSON; undefined when it is not the organisation's. */
export async function selectContactJson(
  sql: Sql,
  orgId: string,
  contactId: string,
): Promise<Record<string, unknown> | undefined> {
  const [contact] = await sql<{ row: Record<string, unknown> }[]>`
    select to_jsonb(c) as row from contacts c where org_id = ${orgId} and id = ${contactId}`;
  return contact?.row;
}

/** The rows of `table` naming the contact, as JSON. */
export async function selectContactRowsIn(
  sql: Sql,
  table: string,
  orgId: string,
  contactId: string,
): Promise<Array<Record<string, unknown>>> {
  const rows = await sql<{ row: Record<string, unknown> }[]>`
    select to_jsonb(t) as row from ${sql(table)} t where t.org_id = ${orgId} and t.contact_id = ${contactId}`;
  return rows.map((r) => r.row);
}

/** Lock the contact's row for erasure; false when it is not the organisation's. */
export async function lockContact(sql: TransactionSql, orgId: string, contactId: string): Promise<boolean> {
  const [contact] =
    await sql`select 1 from contacts where org_id = ${orgId} and id = ${contactId} for update`;
  return Boolean(contact);
}

/** Delete the rows of `table` naming the contact; returns how many went. */
export async function deleteContactRowsIn(
  sql: TransactionSql,
  table: string,
  orgId: string,
  contactId: string,
): Promise<number> {
  const res = await sql`delete from ${sql(table)} where org_id = ${orgId} and contact_id = ${contactId}`;
  return res.count;
}

/** Delete the contact's own row. */
export async function deleteContact(sql: TransactionSql, orgId: string, contactId: string): Promise<void> {
  await sql`delete from contacts where org_id = ${orgId} and id = ${contactId}`;
}
