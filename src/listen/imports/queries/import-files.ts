// Statements on `import_files`: the file of an import started from the API, kept until it ends.
import type { Sql } from '../../../platform/db/index.js';

/** Keep an import's file. */
export async function insertImportFile(
  sql: Sql,
  orgId: string,
  importId: string,
  content: string,
): Promise<void> {
  await sql`insert into import_files (org_id, import_id, content) values (${orgId}, ${importId}, ${content})`;
}

/** An import's file, or undefined once it has ended. */
export async function selectImportFile(
  sql: Sql,
  orgId: string,
  importId: string,
): Promise<string | undefined> {
  const [file] = await sql<{ content: string }[]>`
    select content from import_files where org_id = ${orgId} and import_id = ${importId}`;
  return file?.content;
}

/** Drop an import's file. */
export async function deleteImportFile(sql: Sql, orgId: string, importId: string): Promise<void> {
  await sql`delete from import_files where org_id = ${orgId} and import_id = ${importId}`;
}
