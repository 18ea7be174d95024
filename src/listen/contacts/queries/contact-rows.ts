// Statements on one contact: create or update it (by external id, else email), read one, a page.
import type { Sql } from '../../../platform/db/index.js';
import type { AttributeValue, Contact } from '../types.js';

const COLUMNS = (sql: Sql) => sql`id, external_id as "externalId", email, name, attributes, consent,
  created_at as "createdAt", updated_at as "updatedAt"`;

/**
 * Insert a contact, or merge into the one with the same external id (or, lacking one, the same email):
 * attributes and consent merged, email and name kept unless given. A unique violation (an email
 * another contact has) is left to the caller.
 */
export async function upsertContactRow(
  sql: Sql,
  orgId: string,
  c: {
    externalId: string | null;
    email: string | null;
    name: string | null;
    attributes: Record<string, AttributeValue>;
    consent: Record<string, boolean>;
  },
): Promise<Contact> {
  const conflictTarget = c.externalId
    ? sql`(org_id, external_id)`
    : c.email
      ? sql`(org_id, email) where email is not null`
      : undefined;
  const rows = await sql<Contact[]>`
    insert into contacts (org_id, external_id, email, name, attributes, consent)
    values (${orgId}, ${c.externalId}, ${c.email}, ${c.name}, ${sql.json(c.attributes)}, ${sql.json(c.consent)})
    ${
      conflictTarget
        ? sql`on conflict ${conflictTarget} do update set
            email = coalesce(excluded.email, contacts.email),
            name = coalesce(excluded.name, contacts.name),
            attributes = contacts.attributes || excluded.attributes,
            consent = contacts.consent || excluded.consent,
            updated_at = now()`
        : sql``
    }
    returning ${COLUMNS(sql)}`;
  return rows[0]!;
}

/** The contact with this id or external id, or undefined. */
export async function selectContact(
  sql: Sql,
  orgId: string,
  by: { id: string } | { externalId: string },
): Promise<Contact | undefined> {
  const [c] =
    'id' in by
      ? await sql<Contact[]>`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and id = ${by.id}`
      : await sql<
          Contact[]
        >`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and external_id = ${by.externalId}`;
  return c;
}

/** A page of contacts in id order after `after`, optionally with one (lower-cased) email. */
export async function selectContactsPage(
  sql: Sql,
  orgId: string,
  opts: { limit: number; after?: string | undefined; email?: string | undefined; q?: string | undefined },
): Promise<Contact[]> {
  const like = opts.q ? `%${opts.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return sql<Contact[]>`
    select ${COLUMNS(sql)} from contacts
    where org_id = ${orgId}
      ${opts.email ? sql`and email = ${opts.email}` : sql``}
      ${like ? sql`and (email ilike ${like} or name ilike ${like})` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
}
