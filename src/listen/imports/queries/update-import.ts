// Statement: record an import's progress or end.
import type { Sql } from '../../../platform/db/index.js';

/** Set columns of an `imports` row (snake_case names, as the table has them). */
export async function updateImport(
  sql: Sql,
  orgId: string,
  importId: string,
  fields: Record<string, unknown>,
): Promise<void> {
  await sql`update imports set ${sql(fields)} where org_id = ${orgId} and id = ${importId}`;
}
