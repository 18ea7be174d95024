// Query: store a trained organisation model.
import type { Sql } from '../../../platform/db/index.js';

/** Insert the model file with its training report; returns its id. */
export async function insertModel(
  sql: Sql,
  orgId: string,
  model: { kind: 'sentiment' | 'themes' | 'categories'; version: string; file: unknown; report: unknown },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into text_models (org_id, kind, version, file, report)
    values (${orgId}, ${model.kind}, ${model.version}, ${sql.json(model.file as never)}, ${sql.json(model.report as never)})
    returning id`;
  if (!row) throw new Error('model insert returned nothing');
  return row.id;
}
