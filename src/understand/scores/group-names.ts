// One query: display names of the surveys, touchpoints, stages or journeys a breakdown is grouped by.
import type { Sql } from '../../platform/db/index.js';
import { ENTITY_TABLE } from '../sums/dimensions.js';
import type { Dimension } from '../sums/index.js';

const TABLE = ENTITY_TABLE;

/** id -> name for an entity dimension; an empty map for channels, attributes and metadata. */
export async function getGroupNames(sql: Sql, orgId: string, d: Dimension): Promise<Map<string, string>> {
  const table = TABLE[d];
  if (!table) return new Map();
  const rows = await sql<{ id: string; name: string }[]>`
    select id::text, name from ${sql(table)} where org_id = ${orgId}`;
  return new Map(rows.map((r) => [r.id, r.name]));
}
