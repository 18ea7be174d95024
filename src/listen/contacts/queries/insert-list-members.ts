// Statement: add contacts to a list, already-members left as they are.
import type { Sql } from '../../../platform/db/index.js';

/** Insert `contact_list_members` rows for these contact ids. */
export async function insertListMembers(
  sql: Sql,
  orgId: string,
  listId: string,
  contactIds: string[],
): Promise<void> {
  await sql`insert into contact_list_members (org_id, list_id, contact_id)
    select ${orgId}, ${listId}, unnest(${contactIds}::uuid[]) on conflict do nothing`;
}
