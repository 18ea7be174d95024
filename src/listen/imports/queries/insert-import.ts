// Statement: record a new import (status `validating`).
import type { Sql } from '../../../platform/db/index.js';
import type { ImportKind } from '../types.js';

/** Insert an `imports` row; returns its id. */
export async function insertImport(
  sql: Sql,
  orgId: string,
  row: { kind: ImportKind; fileName: string; skipInvalid: boolean },
): Promise<string> {
  const [inserted] = await sql<{ id: string }[]>`
    insert into imports (org_id, kind, file_name, skip_invalid) values (${orgId}, ${row.kind}, ${row.fileName}, ${row.skipInvalid})
    returning id`;
  return inserted!.id;
}
