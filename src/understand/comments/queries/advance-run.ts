// Query: record a re-run's progress after one page, only if no other worker moved it meanwhile.
import type { TransactionSql } from '../../../platform/db/index.js';

/** Move the cursor from `from` to `to` and add `processed` to done; false when the run moved or stopped. */
export async function advanceRun(
  tx: TransactionSql,
  orgId: string,
  runId: string,
  from: string | null,
  to: string,
  processed: number,
): Promise<boolean> {
  const rows = await tx`
    update text_runs set cursor = ${to}, done = done + ${processed}
    where org_id = ${orgId} and id = ${runId} and status = 'running' and cursor is not distinct from ${from}::uuid
    returning id`;
  return rows.length > 0;
}
