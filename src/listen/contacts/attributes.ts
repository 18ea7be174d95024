// Typed contact attributes: each attribute's type is fixed the first time it is seen or declared.
import type { Sql } from '../../platform/db/index.js';
import type { InvalidParam } from '../../platform/errors/index.js';
import { insertAttributeTypes, selectAttributeTypes } from './queries/attribute-types.js';
import type { AttributeType, AttributeValue } from './types.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function inferType(value: AttributeValue): AttributeType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return DATE_RE.test(value) && !Number.isNaN(Date.parse(value)) ? 'date' : 'string';
}

function fits(type: AttributeType, value: AttributeValue): boolean {
  if (value === null) return true;
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE_RE.test(value) && !Number.isNaN(Date.parse(value));
    case 'string':
      return typeof value === 'string';
  }
}

/** The declared attribute types of an organisation. */
export async function listAttributeTypes(sql: Sql, orgId: string): Promise<Record<string, AttributeType>> {
  const rows = await selectAttributeTypes(sql, orgId);
  return Object.fromEntries(rows.map((r) => [r.key, r.type]));
}

/**
 * Check attribute values against the declared types; unknown attributes are declared with the
 * type of their first value. Returns the problems, each naming `attributes.<key>`.
 */
export async function checkAttributes(
  sql: Sql,
  orgId: string,
  attributes: Record<string, AttributeValue>,
): Promise<InvalidParam[]> {
  const types = await listAttributeTypes(sql, orgId);
  const problems: InvalidParam[] = [];
  const declare: Array<{ key: string; type: AttributeType }> = [];
  for (const [key, value] of Object.entries(attributes)) {
    const declared = types[key];
    if (declared) {
      if (!fits(declared, value))
        problems.push({ name: `attributes.${key}`, reason: `must be a ${declared}` });
    } else {
      const type = inferType(value);
      if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(key)) {
        problems.push({
          name: `attributes.${key}`,
          reason: 'name must be letters, digits or _, starting with a letter',
        });
      } else if (type) declare.push({ key, type });
    }
  }
  if (problems.length === 0) await insertAttributeTypes(sql, orgId, declare);
  return problems;
}
/**
 * Check attribute values against declared types, without I/O. Unknown attributes get the type of
 * their first value, recorded in `types` and `declared` so later values in a batch are held to it.
 */
export function attributeProblems(
  types: Record<string, AttributeType>,
  attributes: Record<string, AttributeValue>,
  declared: Map<string, AttributeType>,
): InvalidParam[] {
  const problems: InvalidParam[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const known = types[key];
    if (known) {
      if (!fits(known, value)) problems.push({ name: `attributes.${key}`, reason: `must be a ${known}` });
    } else if (!/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/.test(key)) {
      problems.push({
        name: `attributes.${key}`,
        reason: 'name must be letters, digits or _, starting with a letter',
      });
    } else {
      const type = inferType(value);
      if (type) {
        types[key] = type;
        declared.set(key, type);
      }
    }
  }
  return problems;
}

export async function declareAttributes(
  sql: Sql,
  orgId: string,
  declared: Map<string, AttributeType>,
): Promise<void> {
  await insertAttributeTypes(
    sql,
    orgId,
    [...declared.entries()].map(([key, type]) => ({ key, type })),
  );
}
