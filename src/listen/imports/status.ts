// An import's record: created when it starts, read by the dashboard and CLI.
import path from 'node:path';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError } from '../../platform/errors/index.js';
import { insertImport } from './queries/insert-import.js';
import { listImportRows } from './queries/list-imports.js';
import { selectImport } from './queries/select-import.js';
import type { ImportOptions, ImportStatus } from './types.js';

/** An import's status, or not found. */
export async function getImport(sql: Sql, orgId: string, importId: string): Promise<ImportStatus> {
  const row = await selectImport(sql, orgId, importId);
  if (!row) throw new NotFoundError(`Import ${importId} not found`);
  return row;
}

/** The latest imports of an organisation. */
export async function listImports(sql: Sql, orgId: string, limit = 50): Promise<ImportStatus[]> {
  return listImportRows(sql, orgId, limit);
}

/** Record a new import (status `validating`); returns its id. */
export async function createImport(
  sql: Sql,
  orgId: string,
  opts: Pick<ImportOptions, 'kind' | 'file' | 'skipInvalid'>,
): Promise<string> {
  const fileName = path.basename('path' in opts.file ? opts.file.path : opts.file.name);
  return insertImport(sql, orgId, { kind: opts.kind, fileName, skipInvalid: opts.skipInvalid });
}
