// Statements of bulk contact resolution: who holds these emails, these ids' attributes, and the
// upsert of many contacts in one statement.
import type { Sql } from '../../../platform/db/index.js';
import type { AttributeValue } from '../types.js';

/** The external id of the contact holding each of these emails (emails nobody has are left out). */
export async function selectEmailOwners(
  sql: Sql,
  orgId: string,
  emails: string[],
): Promise<Array<{ email: string; externalId: string | null }>> {
  return sql<{ email: string; externalId: string | null }[]>`
    select email, external_id as "externalId" from contacts
    where org_id = ${orgId} and email = any(${emails}::text[])`;
}

/** The attributes of the organisation's contacts among these ids. */
export async function selectContactAttributes(
  sql: Sql,
  orgId: string,
  ids: string[],
): Promise<Array<{ id: string; attributes: Record<string, AttributeValue> }>> {
  return sql<{ id: string; attributes: Record<string, AttributeValue> }[]>`
    select id, attributes from contacts where org_id = ${orgId} and id = any(${ids}::uuid[])`;
}

/** A contact to create or merge into an existing one. */
export interface ContactUpsert {
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, AttributeValue>;
  consent: Record<string, boolean> | null;
}

/**
 * Create or merge contacts in one statement, matched on their external id (`by: 'externalId'`) or
 * their email: attributes and consent merged, email and name kept unless given. An email another
 * contact already has is left off rather than failing the batch.
 */
export async function upsertContacts(
  sql: Sql,
  orgId: string,
  group: ContactUpsert[],
  by: 'externalId' | 'email',
): Promise<
  Array<{
    id: string;
    externalId: string | null;
    email: string | null;
    attributes: Record<string, AttributeValue>;
  }>
> {
  const target =
    by === 'externalId' ? sql`(org_id, external_id)` : sql`(org_id, email) where email is not null`;
  return sql<
    {
      id: string;
      externalId: string | null;
      email: string | null;
      attributes: Record<string, AttributeValue>;
    }[]
  >`
    insert into contacts (org_id, external_id, email, name, attributes, consent)
    select ${orgId}, x."externalId",
      -- an email another contact already has is left off rather than failing the batch
      case when x."externalId" is not null and exists (
        select 1 from contacts o where o.org_id = ${orgId} and o.email = x.email
          and o.external_id is distinct from x."externalId"
      ) then null else x.email end,
      x.name, coalesce(x.attributes, '{}'), coalesce(x.consent, '{}')
    from jsonb_to_recordset(${sql.json(group as never)}::jsonb)
      as x("externalId" text, email text, name text, attributes jsonb, consent jsonb)
    on conflict ${target} do update set
      email = coalesce(excluded.email, contacts.email),
      name = coalesce(excluded.name, contacts.name),
      attributes = contacts.attributes || excluded.attributes,
      consent = contacts.consent || excluded.consent,
      updated_at = now()
    returning id, external_id as "externalId", email, attributes`;
}
