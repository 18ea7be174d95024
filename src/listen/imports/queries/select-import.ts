// Query: one import of the organisation.
import type { Sql } from '../../../platform/db/index.js';
import type { ImportStatus } from '../types.js';
import { STATUS_COLUMNS } from './status-columns.js';

/** The import, or undefined (also for another organisation's id). */
export async function selectImport(
  sql: Sql,
  orgId: string,
  importId: string,
): Promise<ImportStatus | undefined> {
  const [row] = await sql<ImportStatus[]>`
    select ${STATUS_COLUMNS(sql)} from imports where org_id = ${orgId} and id = ${importId}`;
  return row;
}
