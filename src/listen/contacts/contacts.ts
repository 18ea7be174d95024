// One contact at a time: create or update, read, find by external id, list.
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { checkAttributes } from './attributes.js';
import { selectContact, selectContactsPage, upsertContactRow } from './queries/contact-rows.js';
import type { Contact, ContactInput } from './types.js';

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
    return await upsertContactRow(sql, orgId, {
      externalId: input.externalId ?? null,
      email,
      name: input.name ?? null,
      attributes,
      consent: input.consent ?? {},
    });
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
  const c = await selectContact(sql, orgId, { id: contactId });
  if (!c) throw new NotFoundError(`Contact ${contactId} not found`);
  return c;
}

/** Find a contact by external id. */
export async function findContactByExternalId(
  sql: Sql,
  orgId: string,
  externalId: string,
): Promise<Contact | undefined> {
  return selectContact(sql, orgId, { externalId });
}

/** A page of contacts, newest first, after an optional cursor (the last id seen). */
export async function listContacts(
  sql: Sql,
  orgId: string,
  opts: { limit: number; after?: string; email?: string; q?: string | undefined },
): Promise<Contact[]> {
  return selectContactsPage(sql, orgId, { ...opts, email: opts.email?.toLowerCase() });
}
