// Statements on segments: create, list, read one's rules.
import type { Sql } from '../../../platform/db/index.js';
import type { Segment, SegmentRule } from '../segments.js';

/** Insert a segment; undefined when the name is taken. */
export async function insertSegment(
  sql: Sql,
  orgId: string,
  input: { name: string; rules: SegmentRule },
): Promise<Segment | undefined> {
  const [row] = await sql<Segment[]>`
    insert into segments (org_id, name, rules) values (${orgId}, ${input.name}, ${sql.json(input.rules as never)})
    on conflict do nothing returning id, name, rules, created_at as "createdAt"`;
  return row;
}

/** Every segment, by name. */
export async function selectSegments(sql: Sql, orgId: string): Promise<Segment[]> {
  return sql<Segment[]>`
    select id, name, rules, created_at as "createdAt" from segments where org_id = ${orgId} order by name`;
}

/** A segment's rules, or undefined when there is no such segment. */
export async function selectSegmentRules(
  sql: Sql,
  orgId: string,
  segmentId: string,
): Promise<SegmentRule | undefined> {
  const [seg] = await sql<{ rules: SegmentRule }[]>`
    select rules from segments where org_id = ${orgId} and id = ${segmentId}`;
  return seg?.rules;
}
