// Statements on `contact_attributes`: the declared type of each attribute of an organisation.
import type { Sql } from '../../../platform/db/index.js';
import type { AttributeType } from '../types.js';

/** Every declared attribute with its type. */
export async function selectAttributeTypes(
  sql: Sql,
  orgId: string,
): Promise<Array<{ key: string; type: AttributeType }>> {
  return sql<{ key: string; type: AttributeType }[]>`
    select key, type from contact_attributes where org_id = ${orgId}`;
}

/** Declare attributes (one already declared keeps its type), in one statement. */
export async function insertAttributeTypes(
  sql: Sql,
  orgId: string,
  declare: Array<{ key: string; type: AttributeType }>,
): Promise<void> {
  if (declare.length === 0) return;
  const keys = declare.map((d) => d.key);
  const kinds = declare.map((d) => d.type);
  await sql`insert into contact_attributes (org_id, key, type)
    select ${orgId}, k, t from unnest(${keys}::text[], ${kinds}::text[]) as x(k, t)
    on conflict do nothing`;
}
