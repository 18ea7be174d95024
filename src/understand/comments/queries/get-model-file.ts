// Query: one organisation model file.
import type { Sql } from '../../../platform/db/index.js';

/** The stored model file (format northstar-text-model), or undefined. */
export async function getModelFile(sql: Sql, orgId: string, modelId: string): Promise<unknown> {
  const [row] = await sql<{ file: unknown }[]>`
    select file from text_models where org_id = ${orgId} and id = ${modelId}`;
  return row?.file;
}
