// The SQL condition of segment rules on `contacts c`: one condition with bound parameters, so a segment
// is evaluated by PostgreSQL, never row by row in Node.
import type { Fragment } from 'postgres';
import type { Sql } from '../../../platform/db/index.js';
import { ValidationError } from '../../../platform/errors/index.js';
import type { SegmentRule } from '../segments.js';

const OPS = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Compile rules to a SQL condition on `contacts c`. Numbers compare numerically, dates (ISO
 * strings) and other strings as text; a missing attribute fails every test but `not_exists`/`neq`.
 */
export function segmentCondition(sql: Sql, rule: SegmentRule, depth = 0): Fragment {
  if (depth > 5)
    throw new ValidationError('Segment rules nest too deep', [{ name: 'rules', reason: 'at most 5 levels' }]);
  if ('all' in rule || 'any' in rule) {
    const parts = ('all' in rule ? rule.all : rule.any).map((r) => segmentCondition(sql, r, depth + 1));
    const joiner = 'all' in rule ? sql` and ` : sql` or `;
    // Parenthesised as a whole: callers write `c.org_id = $1 and ${condition}`, and a bare `(a) or (b)`
    // there would read as `(c.org_id = $1 and a) or b`, selecting other organisations' contacts.
    const joined = parts.slice(1).reduce((acc, p) => sql`${acc}${joiner}(${p})`, sql`(${parts[0]!})`);
    return sql`(${joined})`;
  }
  if ('not' in rule) return sql`not coalesce((${segmentCondition(sql, rule.not, depth + 1)}), false)`;
  const column =
    rule.field === 'email'
      ? sql`c.email`
      : rule.field === 'externalId'
        ? sql`c.external_id`
        : rule.field === 'name'
          ? sql`c.name`
          : sql`(c.attributes ->> ${rule.attribute!})`;
  const jsonValue = rule.attribute ? sql`(c.attributes -> ${rule.attribute})` : undefined;
  const v = rule.value;
  switch (rule.op) {
    case 'exists':
      return sql`${column} is not null`;
    case 'not_exists':
      return sql`${column} is null`;
    case 'in': {
      const list = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined).map(String);
      return sql`${column} = any(${list}::text[])`;
    }
    case 'contains':
      if (jsonValue && typeof v !== 'string') return sql`${jsonValue} @> ${sql.json([v] as never)}::jsonb`;
      return sql`(${column} ilike ${`%${String(v).replace(/[%_\\]/g, '\\$&')}%`} or (${jsonValue ?? sql`null::jsonb`} @> ${sql.json([v] as never)}::jsonb))`;
    case 'ends_with':
      return sql`${column} ilike ${`%${String(v).replace(/[%_\\]/g, '\\$&')}`}`;
    default: {
      if (v === undefined || Array.isArray(v)) {
        throw new ValidationError(`Operator ${rule.op} needs one value`, [
          { name: 'rules', reason: `${rule.op} needs a value` },
        ]);
      }
      const op = sql.unsafe(OPS[rule.op]);
      if (typeof v === 'number') {
        return sql`(jsonb_typeof(${jsonValue ?? sql`null::jsonb`}) = 'number' and (${column})::numeric ${op} ${v})`;
      }
      if (typeof v === 'boolean')
        return sql`${jsonValue ?? sql`null::jsonb`} ${op} ${sql.json(v as never)}::jsonb`;
      if (rule.op === 'neq') return sql`${column} is distinct from ${v}`;
      return sql`${column} ${op} ${v}`;
    }
  }
}
