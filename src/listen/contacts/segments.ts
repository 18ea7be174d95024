// Lists and dynamic segments of contacts. Segment rules on attributes compile to one SQL condition
// with bound parameters, so a segment is evaluated by PostgreSQL, never row by row in Node.
import type { Fragment } from 'postgres';
import { z } from 'zod';
import type { Sql } from '../../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors/index.js';

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** One test on a contact: an attribute (or `email`, `externalId`) compared with a value. */
export const SegmentTest = z
  .object({
    attribute: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/)
      .optional(),
    field: z.enum(['email', 'externalId', 'name']).optional(),
    op: z.enum([
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'contains',
      'exists',
      'not_exists',
      'ends_with',
    ]),
    value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
  })
  .strict()
  .refine(
    (t) => (t.attribute === undefined) !== (t.field === undefined),
    'name exactly one of attribute or field',
  );

/** Segment rules: tests combined with all/any/not, nested at most 5 deep. */
export type SegmentRule =
  | z.infer<typeof SegmentTest>
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule };

/** Schema of segment rules. */
export const SegmentRule: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    SegmentTest,
    z.object({ all: z.array(SegmentRule).min(1).max(50) }).strict(),
    z.object({ any: z.array(SegmentRule).min(1).max(50) }).strict(),
    z.object({ not: SegmentRule }).strict(),
  ]),
);

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
    return parts.slice(1).reduce((acc, p) => sql`${acc}${joiner}(${p})`, sql`(${parts[0]!})`);
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

/** A contact list. */
export interface ContactList {
  id: string;
  name: string;
  size: number;
  createdAt: Date;
}

/** Create a contact list; a taken name is a conflict. */
export async function createList(sql: Sql, orgId: string, name: string): Promise<ContactList> {
  const [row] = await sql<ContactList[]>`
    insert into contact_lists (org_id, name) values (${orgId}, ${name}) on conflict do nothing
    returning id, name, 0 as size, created_at as "createdAt"`;
  if (!row)
    throw new ConflictError(`A list named "${name}" already exists`, [{ name: 'name', reason: 'taken' }]);
  return row;
}

/** Every list with its size. */
export async function listLists(sql: Sql, orgId: string): Promise<ContactList[]> {
  return sql<ContactList[]>`
    select l.id, l.name, l.created_at as "createdAt",
      (select count(*) from contact_list_members m where m.org_id = l.org_id and m.list_id = l.id)::int as size
    from contact_lists l where l.org_id = ${orgId} order by l.name`;
}

/** Add contacts to a list (already there: no change); returns how many were added. */
export async function addToList(
  sql: Sql,
  orgId: string,
  listId: string,
  contactIds: string[],
): Promise<number> {
  const [list] = await sql`select 1 from contact_lists where org_id = ${orgId} and id = ${listId}`;
  if (!list) throw new NotFoundError(`List ${listId} not found`);
  const rows = await sql`
    insert into contact_list_members (org_id, list_id, contact_id)
    select ${orgId}, ${listId}, c.id from contacts c where c.org_id = ${orgId} and c.id = any(${contactIds}::uuid[])
    on conflict do nothing returning contact_id`;
  return rows.length;
}

/** A dynamic segment. */
export interface Segment {
  id: string;
  name: string;
  rules: SegmentRule;
  createdAt: Date;
}

/** Create a segment; its rules are compiled once here so a bad rule is refused now. */
export async function createSegment(
  sql: Sql,
  orgId: string,
  input: { name: string; rules: SegmentRule },
): Promise<Segment> {
  segmentCondition(sql, input.rules);
  const [row] = await sql<Segment[]>`
    insert into segments (org_id, name, rules) values (${orgId}, ${input.name}, ${sql.json(input.rules as never)})
    on conflict do nothing returning id, name, rules, created_at as "createdAt"`;
  if (!row)
    throw new ConflictError(`A segment named "${input.name}" already exists`, [
      { name: 'name', reason: 'taken' },
    ]);
  return row;
}

/** Every segment. */
export async function listSegments(sql: Sql, orgId: string): Promise<Segment[]> {
  return sql<Segment[]>`
    select id, name, rules, created_at as "createdAt" from segments where org_id = ${orgId} order by name`;
}

/** Who an audience is: a list, a segment, or rules given inline. */
export type Audience = { listId: string } | { segmentId: string } | { rules: SegmentRule };

/**
 * The SQL condition selecting an audience's contacts (`contacts c`), wrapped in an object: a bare
 * postgres.js fragment is a thenable, and awaiting it would run it as a query.
 */
export async function audienceCondition(
  sql: Sql,
  orgId: string,
  audience: Audience,
): Promise<{ where: Fragment }> {
  if ('listId' in audience) {
    const [list] = await sql`select 1 from contact_lists where org_id = ${orgId} and id = ${audience.listId}`;
    if (!list) throw new NotFoundError(`List ${audience.listId} not found`);
    return {
      where: sql`exists (select 1 from contact_list_members m where m.org_id = c.org_id and m.list_id = ${audience.listId} and m.contact_id = c.id)`,
    };
  }
  if ('segmentId' in audience) {
    const [seg] = await sql<{ rules: SegmentRule }[]>`
      select rules from segments where org_id = ${orgId} and id = ${audience.segmentId}`;
    if (!seg) throw new NotFoundError(`Segment ${audience.segmentId} not found`);
    return { where: segmentCondition(sql, seg.rules) };
  }
  return { where: segmentCondition(sql, audience.rules) };
}

/** How many contacts an audience holds, and a first page of them (for previews). */
export async function previewAudience(
  sql: Sql,
  orgId: string,
  audience: Audience,
): Promise<{
  count: number;
  sample: Array<{ id: string; email: string | null; externalId: string | null }>;
}> {
  const { where: cond } = await audienceCondition(sql, orgId, audience);
  const [n] = await sql<
    { n: number }[]
  >`select count(*)::int as n from contacts c where c.org_id = ${orgId} and ${cond}`;
  const sample = await sql<Array<{ id: string; email: string | null; externalId: string | null }>>`
    select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${orgId} and ${cond}
    order by c.id limit 20`;
  return { count: n!.n, sample };
}
