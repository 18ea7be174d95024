// Contacts: the people who give feedback, with typed attributes and consent.
import type { Sql } from '../../platform/db/index.js';
import {
  ConflictError,
  type InvalidParam,
  NotFoundError,
  ValidationError,
} from '../../platform/errors/index.js';

/** The type of a contact attribute, fixed the first time the attribute is seen or declared. */
export type AttributeType = 'string' | 'number' | 'boolean' | 'date';
/** A contact attribute value. */
export type AttributeValue = string | number | boolean | null;

/** A contact. */
export interface Contact {
  id: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  attributes: Record<string, AttributeValue>;
  consent: Record<string, boolean>;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields accepted when creating or updating a contact. */
export interface ContactInput {
  externalId?: string | null;
  email?: string | null;
  name?: string | null;
  attributes?: Record<string, AttributeValue>;
  consent?: Record<string, boolean>;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function inferType(value: AttributeValue): AttributeType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return DATE_RE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'string';
}

function fits(type: AttributeType, value: AttributeValue): boolean {
  if (value === null) return true;
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value));
    case 'string':
      return typeof value === 'string';
  }
}

/** The declared attribute types of an organisation. */
export async function listAttributeTypes(sql: Sql, orgId: string): Promise<Record<string, AttributeType>> {
  const rows = await sql<{ key: string; type: AttributeType }[]>`
    select key, type from contact_attributes where org_id = ${orgId}`;
  return Object.fromEntries(rows.map((r) => [r.key, r.type]));
}

/**
 * Check attribute values against the declared types; unknown attributes are declared with the
 * type of their first value. Returns the problems, each naming `attributes.<key>`.
 */
export async function checkAttributes(
  sql: Sql,
  orgId: string,
  attributes: Record<string, AttributeValue>,
): Promise<InvalidParam[]> {
  const types = await listAttributeTypes(sql, orgId);
  const problems: InvalidParam[] = [];
  const declare: Array<{ key: string; type: AttributeType }> = [];
  for (const [key, value] of Object.entries(attributes)) {
    const declared = types[key];
    if (declared) {
      if (!fits(declared, value))
        problems.push({ name: `attributes.${key}`, reason: `must be a ${declared}` });
    } else {
      const type = inferType(value);
      if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(key)) {
        problems.push({
          name: `attributes.${key}`,
          reason: 'name must be letters, digits or _, starting with a letter',
        });
      } else if (type) declare.push({ key, type });
    }
  }
  if (problems.length === 0 && declare.length > 0) {
    for (const d of declare) {
      await sql`insert into contact_attributes (org_id, key, type) values (${orgId}, ${d.key}, ${d.type})
        on conflict do nothing`;
    }
  }
  return problems;
}

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
