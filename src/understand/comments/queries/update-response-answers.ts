// Query: replace survey answers by their redacted form.
import type { Sql } from '../../../platform/db/index.js';

/** Store redacted answers on these responses of the organisation. */
export async function updateResponseAnswers(
  sql: Sql,
  orgId: string,
  rows: ReadonlyArray<{ id: string; answers: Record<string, unknown> }>,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    update responses r set answers = x.answers
    from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(id uuid, answers jsonb)
    where r.org_id = ${orgId} and r.id = x.id`;
}
