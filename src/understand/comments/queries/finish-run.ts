// Query: end a run as done, failed or superseded.
import type { Sql } from '../../../platform/db/index.js';

/** Set the final status (a run that already ended keeps its status). */
export async function finishRun(
  sql: Sql,
  orgId: string,
  runId: string,
  status: 'done' | 'failed' | 'superseded',
  extra: { result?: unknown; error?: string } = {},
): Promise<void> {
  await sql`
    update text_runs set status = ${status}, finished_at = now(),
      result = coalesce(${extra.result === undefined ? null : sql.json(extra.result as never)}, result),
      error = ${extra.error ?? null},
      total = case when ${status} = 'done' and kind = 'rerun' then done else total end
    where org_id = ${orgId} and id = ${runId} and status in ('queued', 'running')`;
}
