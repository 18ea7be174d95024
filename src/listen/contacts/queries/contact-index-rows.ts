// Queries of the contact index: an organisation's contacts streamed by COPY (all, or those changed
// since a snapshot, by `changed_xid` of migration 0040) with the kept count in the same snapshot; and the
// truth of attribute tests on each distinct value, computed by the rules' own SQL condition.
import type { z } from 'zod';
import { readCopyOut, type Sql } from '../../../platform/db/index.js';
import { CopyLines, changedSince, literalUuid } from '../../../understand/sums/columnar-rows.js';
import { type ContactIndexRow, parseContactLine } from '../contact-index.js';
import type { SegmentTest } from '../rules.js';
import { segmentCondition } from './segment-condition.js';

/** The snapshot rows were read in, and the organisation's contact count (migration 0039) in it. */
export interface ContactIndexStamp {
  snapshot: string;
  count: number;
}

/** Stream the organisation's contacts (with `since`, those changed after that snapshot) to `onRow`. */
export function readContactIndexRows(
  sql: Sql,
  orgId: string,
  since: string | null,
  onRow: (r: ContactIndexRow) => void,
): Promise<ContactIndexStamp> {
  const org = literalUuid(orgId);
  const newer = since ? `and ${changedSince('changed_xid', since)}` : '';
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const [stamp] = await tx<Array<{ snapshot: string; count: string }>>`
      select pg_current_snapshot()::text as snapshot,
        (select coalesce(sum(n), 0) from contact_deltas where org_id = ${orgId})::text as count`;
    // The columns read here are those whose change moves `changed_xid` (migration 0040's trigger).
    const lines = new CopyLines(parseContactLine, onRow);
    await readCopyOut(
      tx.unsafe(
        `copy (select id, email is not null, external_id is not null, name is not null, attributes
          from contacts where org_id = ${org} ${newer} ${since ? '' : 'order by id'}) to stdout`,
      ),
      (chunk) => lines.push(chunk),
    );
    lines.end();
    return { snapshot: stamp!.snapshot, count: Number(stamp!.count) };
  });
}

/**
 * For each attribute test, its truth (0 false, 1 unknown, 2 true) on a contact without the attribute
 * (index 0) and on one holding each value (index 1 + i of `values`, jsonb texts): the test's compiled
 * condition evaluated on `{attribute: value}`.
 */
export async function attributeTestTruths(
  sql: Sql,
  tests: Array<{ key: string; test: z.infer<typeof SegmentTest>; values: readonly string[] }>,
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (tests.length === 0) return out;
  const parts = tests.map(
    ({ test, values }, n) => sql`
    select ${n}::int as n, (u.i - 1)::int as code,
      case (${segmentCondition(sql, test)}) when true then 2 when false then 0 else 1 end::int as t
    from unnest(${[null, ...values] as string[]}::text[]) with ordinality u(v, i)
    cross join lateral (select case when u.v is null then '{}'::jsonb
      else jsonb_build_object(${test.attribute!}::text, u.v::jsonb) end as attributes) c`,
  );
  const query = parts.slice(1).reduce((acc, p) => sql`${acc} union all ${p}`, parts[0]!);
  for (const t of tests) out.set(t.key, new Uint8Array(t.values.length + 1));
  const rows = await sql<Array<{ n: number; code: number; t: number }>>`${query}`;
  for (const r of rows) (out.get(tests[r.n]!.key) as Uint8Array)[r.code] = r.t;
  return out;
}
