// Query: one background run of the organisation.
import type { Sql, TransactionSql } from '../../../platform/db/index.js';
import { RUN_COLUMNS } from './run-columns.js';

/** A text_runs row. */
export interface TextRun {
  id: string;
  kind: 'rerun' | 'train';
  status: 'queued' | 'running' | 'done' | 'failed' | 'superseded';
  reason: string;
  revision: number | null;
  done: number;
  total: number | null;
  cursor: string | null;
  options: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The run, or undefined (also for another organisation's id). */
export async function getRun(
  sql: Sql | TransactionSql,
  orgId: string,
  runId: string,
): Promise<TextRun | undefined> {
  const [row] = await sql<TextRun[]>`
    select ${sql.unsafe(RUN_COLUMNS)} from text_runs where org_id = ${orgId} and id = ${runId}`;
  return row;
}
