// The columns of an import as the module reads them (shared by the status queries).
import type { Sql } from '../../../platform/db/index.js';

/** Select list of `imports`, camel-cased. */
export const STATUS_COLUMNS = (
  sql: Sql,
) => sql`id, kind, file_name as "fileName", status, skip_invalid as "skipInvalid",
  total_rows as "totalRows", processed_rows as "processedRows", imported, duplicates, skipped,
  error_count as "errorCount", errors, message, created_at as "createdAt", finished_at as "finishedAt"`;
