// Query: the organisation's most recent background runs.
import type { Sql } from '../../../platform/db/index.js';
import type { TextRun } from './get-run.js';
import { RUN_COLUMNS } from './run-columns.js';

/** Newest first. */
export async function listRuns(sql: Sql, orgId: string, limit: number): Promise<TextRun[]> {
  return sql<TextRun[]>`
    select ${sql.unsafe(RUN_COLUMNS)} from text_runs where org_id = ${orgId} order by created_at desc limit ${limit}`;
}
