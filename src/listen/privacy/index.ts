// Personal data of a contact: export everything Northstar holds about them, or erase it all.
// Both find the contact's rows through every table with a contact_id column (so tables added later,
// cases among them, are covered without a change here).
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';

/** Tables (public schema) that have org_id and contact_id columns, contacts itself excluded. */
async function tablesWithContact(sql: Sql | TransactionSql): Promise<string[]> {
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

// Columns never exported: secrets and their digests.
const SECRET_COLUMN = /hash|token|secret|password/i;

/** Everything held about a contact, by table (rows as JSON); not found when the contact is not the organisation's. */
export async function exportContact(
  sql: Sql,
  orgId: string,
  contactId: string,
): Promise<{ contact: Record<string, unknown>; related: Record<string, Array<Record<string, unknown>>> }> {
  const [contact] = await sql<{ row: Record<string, unknown> }[]>`
    select to_jsonb(c) as row from contacts c where org_id = ${orgId} and id = ${contactId}`;
  if (!contact) throw new NotFoundError(`Contact ${contactId} not found`);
  const related: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of await tablesWithContact(sql)) {
    const rows = await sql<{ row: Record<string, unknown> }[]>`
      select to_jsonb(t) as row from ${sql(table)} t where t.org_id = ${orgId} and t.contact_id = ${contactId}`;
    if (rows.length > 0) {
      related[table] = rows.map((r) =>
        Object.fromEntries(Object.entries(r.row).filter(([k]) => !SECRET_COLUMN.test(k))),
      );
    }
  }
  return { contact: stripSecrets(contact.row), related };
}

function stripSecrets(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !SECRET_COLUMN.test(k)));
}

/**
 * Erase a contact and everything about them, in one transaction: their feedback (the rollup triggers
 * subtract it, so aggregates stay exactly those of the data kept), responses, sessions, invitations,
 * list memberships, trigger decisions and any other row naming them, then the contact. Returns how
 * many rows went, by table.
 */
export async function eraseContact(
  sql: TransactionSql,
  orgId: string,
  contactId: string,
): Promise<Record<string, number>> {
  const [contact] =
    await sql`select 1 from contacts where org_id = ${orgId} and id = ${contactId} for update`;
  if (!contact) throw new NotFoundError(`Contact ${contactId} not found`);
  const counts: Record<string, number> = {};
  const tables = await tablesWithContact(sql);
  // Rows that point at feedback or responses go first; feedback before the responses it refers to.
  const last = ['feedback', 'responses'];
  const order = [...tables.filter((t) => !last.includes(t)), ...last.filter((t) => tables.includes(t))];
  for (const table of order) {
    const res = await sql`delete from ${sql(table)} where org_id = ${orgId} and contact_id = ${contactId}`;
    if (res.count > 0) counts[table] = res.count;
  }
  await sql`delete from contacts where org_id = ${orgId} and id = ${contactId}`;
  counts.contacts = 1;
  return counts;
}
export * from './retention.js';
