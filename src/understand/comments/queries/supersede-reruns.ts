// Query: stop the organisation's unfinished re-runs older than a revision (a newer re-run replaces them).
import type { Sql, TransactionSql } from '../../../platform/db/index.js';

/** Mark queued or running re-runs below `revision` as superseded. */
export async function supersedeReruns(
  sql: Sql | TransactionSql,
  orgId: string,
  revision: number,
): Promise<void> {
  await sql`
    update text_runs set status = 'superseded', finished_at = now()
    where org_id = ${orgId} and kind = 'rerun' and status in ('queued', 'running') and revision < ${revision}`;
}
