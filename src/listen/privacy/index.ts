// Personal data of a contact: export everything Northstar holds about them, or erase it all.
// Both find the contact's rows through every table with a contact_id column (so tables added later,
// cases among them, are covered without a change here).
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import {
  deleteContact,
  deleteContactRowsIn,
  lockContact,
  selectContactJson,
  selectContactRowsIn,
  selectTablesWithContact,
} from './queries/contact-rows.js';

// Columns never exported: secrets and their digests.
const SECRET_COLUMN = /hash|token|secret|password/i;

/** Everything held about a contact, by table (rows as JSON); not found when the contact is not the organisation's. */
export async function exportContact(
  sql: Sql,
  orgId: string,
  contactId: string,
): Promise<{ contact: Record<string, unknown>; related: Record<string, Array<Record<string, unknown>>> }> {
  const contact = await selectContactJson(sql, orgId, contactId);
  if (!contact) throw new NotFoundError(`Contact ${contactId} not found`);
  const related: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of await selectTablesWithContact(sql)) {
    const rows = await selectContactRowsIn(sql, table, orgId, contactId);
    if (rows.length > 0) {
      related[table] = rows.map((row) =>
        Object.fromEntries(Object.entries(row).filter(([k]) => !SECRET_COLUMN.test(k))),
      );
    }
  }
  return { contact: stripSecrets(contact), related };
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
  const contact = await lockContact(sql, orgId, contactId);
  if (!contact) throw new NotFoundError(`Contact ${contactId} not found`);
  const counts: Record<string, number> = {};
  const tables = await selectTablesWithContact(sql);
  // Rows that point at feedback or responses go first; feedback before the responses it refers to.
  const last = ['feedback', 'responses'];
  const order = [...tables.filter((t) => !last.includes(t)), ...last.filter((t) => tables.includes(t))];
  for (const table of order) {
    const count = await deleteContactRowsIn(sql, table, orgId, contactId);
    if (count > 0) counts[table] = count;
  }
  await deleteContact(sql, orgId, contactId);
  counts.contacts = 1;
  return counts;
}
export * from './retention.js';
