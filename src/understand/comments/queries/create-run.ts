// Query: record a new background run (queued).
import type { Sql, TransactionSql } from '../../../platform/db/index.js';
import type { TextRun } from './get-run.js';
import { RUN_COLUMNS } from './run-columns.js';

/** Insert a queued run. */
export async function createRun(
  sql: Sql | TransactionSql,
  orgId: string,
  run: { kind: 'rerun' | 'train'; reason: string; revision: number | null; options?: unknown },
): Promise<TextRun> {
  const [row] = await sql<TextRun[]>`
    insert into text_runs (org_id, kind, reason, revision, options)
    values (${orgId}, ${run.kind}, ${run.reason}, ${run.revision}, ${sql.json((run.options ?? {}) as never)})
    returning ${sql.unsafe(RUN_COLUMNS)}`;
  if (!row) throw new Error('run insert returned nothing');
  return row;
}
