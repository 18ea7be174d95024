// The organisation's language column (migration 0037).
import type { Sql } from '../../../platform/db/index.js';

/** The organisation's language, or undefined when there is no such organisation. */
export async function selectOrganisationLanguage(sql: Sql, orgId: string): Promise<string | undefined> {
  const [row] = await sql<{ language: string }[]>`
    select language from organisations where id = ${orgId}`;
  return row?.language;
}

/** Set the organisation's language; false when there is no such organisation. */
export async function updateOrganisationLanguage(
  sql: Sql,
  orgId: string,
  language: string,
): Promise<boolean> {
  const rows = await sql`update organisations set language = ${language} where id = ${orgId} returning id`;
  return rows.length > 0;
}
