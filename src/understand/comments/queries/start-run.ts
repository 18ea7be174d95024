// Query: mark a queued run as running, with the amount of work it has.
import type { Sql } from '../../../platform/db/index.js';

/** queued → running (once); returns false when the run was not queued. */
export async function startRun(
  sql: Sql,
  orgId: string,
  runId: string,
  total: number | null,
): Promise<boolean> {
  const rows = await sql`
    update text_runs set status = 'running', started_at = now(), total = ${total}
    where org_id = ${orgId} and id = ${runId} and status = 'queued'
    returning id`;
  return rows.length > 0;
}
