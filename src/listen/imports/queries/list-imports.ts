// Query: the latest imports of an organisation.
import type { Sql } from '../../../platform/db/index.js';
import type { ImportStatus } from '../types.js';
import { STATUS_COLUMNS } from './status-columns.js';

/** The latest `limit` imports, newest first. */
export async function listImportRows(sql: Sql, orgId: string, limit: number): Promise<ImportStatus[]> {
  return sql<ImportStatus[]>`
    select ${STATUS_COLUMNS(sql)} from imports where org_id = ${orgId} order by created_at desc limit ${limit}`;
}
