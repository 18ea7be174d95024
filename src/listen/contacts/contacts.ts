// One contact at a time: create or update, read, find by external id, list.
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { checkAttributes } from './attributes.js';
import type { Contact, ContactInput } from './types.js';

const COLUMNS = (sql: Sql) => sql`id, external_id as "externalId", email, name, attributes, consent,
  created_at as "createdAt", updated_at as "updatedAt"`;

/**
 * Create a contact, or update the one with the same external id (or, lacking one, the same email).
 * Attributes are merged into the existing ones.
 */
export async function upsertContact(sql: Sql, orgId: string, input: ContactInput): Promise<Contact> {
  const attributes = input.attributes ?? {};
  const problems = await checkAttributes(sql, orgId, attributes);
  if (problems.length > 0) throw new ValidationError('Some contact attributes have the wrong type', problems);
  const email = input.email ? input.email.toLowerCase() : null;
  try {
    const conflictTarget = input.externalId
      ? sql`(org_id, external_id)`
      : email
        ? sql`(org_id, email) where email is not null`
        : undefined;
    const rows = await sql<Contact[]>`
      insert into contacts (org_id, external_id, email, name, attributes, consent)
      values (${orgId}, ${input.externalId ?? null}, ${email}, ${input.name ?? null},
        ${sql.json(attributes)}, ${sql.json(input.consent ?? {})})
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
  } catch (err) {
    if ((err as { code?: string }).code === '23505') {
      throw new ConflictError('Another contact already has this email', [
        { name: 'email', reason: 'already used by another contact' },
      ]);
    }
    throw err;
  }
}

/** Get a contact, or not found. */
export async function getContact(sql: Sql, orgId: string, contactId: string): Promise<Contact> {
  const [c] = await sql<
    Contact[]
  >`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and id = ${contactId}`;
  if (!c) throw new NotFoundError(`Contact ${contactId} not found`);
  return c;
}

/** Find a contact by external id. */
export async function findContactByExternalId(
  sql: Sql,
  orgId: string,
  externalId: string,
): Promise<Contact | undefined> {
  const [c] = await sql<
    Contact[]
  >`select ${COLUMNS(sql)} from contacts where org_id = ${orgId} and external_id = ${externalId}`;
  return c;
}

/** A page of contacts, newest first, after an optional cursor (the last id seen). */
export async function listContacts(
  sql: Sql,
  orgId: string,
  opts: { limit: number; after?: string; email?: string },
): Promise<Contact[]> {
  return sql<Contact[]>`
    select ${COLUMNS(sql)} from contacts
    where org_id = ${orgId}
      ${opts.email ? sql`and email = ${opts.email.toLowerCase()}` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
}
