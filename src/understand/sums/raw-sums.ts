// One query: a metric's sufficient statistics per time bucket and group, scanned from feedback.
import type { Sql } from '../../platform/db/index.js';
import { DIMENSION_COLUMN } from './dimensions.js';
import type { Dimension, SumsQuery, SumsRow } from './types.js';

const COLUMN = DIMENSION_COLUMN;

/**
 * The value of a dimension on a feedback row: ids as uuid (grouping on the raw key is cheaper; the few
 * groups are cast to text afterwards), attributes and metadata as text ('' when absent, as in the rollup).
 */
export function dimensionExpression(sql: Sql, d: Dimension) {
  if (d.startsWith('attr.')) return sql`coalesce(attributes ->> ${d.slice(5)}, '')`;
  if (d.startsWith('meta.')) return sql`coalesce(metadata ->> ${d.slice(5)}, '')`;
  return sql.unsafe(COLUMN[d] as string);
}

/** The outer select list that turns grouped keys g0..g(k-1) into text. */
export function groupColumns(sql: Sql, k: number) {
  return Array.from({ length: k }, (_, i) => sql`, ${sql(`g${i}`)}::text as ${sql(`g${i}`)}`).reduce(
    (acc, frag) => sql`${acc} ${frag}`,
    sql``,
  );
}

/** The filters of a query as a WHERE fragment over feedback (besides org and metric). */
export function rawFilter(sql: Sql, q: Pick<SumsQuery, 'filter'>, excludeSurveys: readonly string[]) {
  const f = q.filter;
  const parts = (f.equals ?? []).map((e) => sql`and ${dimensionExpression(sql, e.dimension)} = ${e.value}`);
  if (f.from) parts.push(sql`and occurred_at >= ${f.from}`);
  if (f.to) parts.push(sql`and occurred_at < ${f.to}`);
  if (f.hasText === true) parts.push(sql`and text is not null`);
  if (f.hasText === false) parts.push(sql`and text is null`);
  if (excludeSurveys.length > 0)
    parts.push(sql`and (survey_id is null or survey_id <> all(${excludeSurveys as string[]}::uuid[]))`);
  return parts.reduce((acc, frag) => sql`${acc} ${frag}`, sql``);
}

/**
 * Scan feedback for the sums of `q.metric` per bucket (local time in `q.timeZone`) and group. Mirror
 * surveys listed in `excludeSurveys` are left out. Rating sums are exact numeric sums, as in the rollup.
 */
export async function getRawSums(
  sql: Sql,
  orgId: string,
  q: SumsQuery,
  excludeSurveys: readonly string[],
): Promise<SumsRow[]> {
  const period = q.interval
    ? sql`date_trunc(${q.interval}, occurred_at at time zone ${q.timeZone})`
    : sql`null::timestamp`;
  const groups = q.groupBy.map((d, i) => sql`, ${dimensionExpression(sql, d)} as ${sql(`g${i}`)}`);
  const positions = q.groupBy.map((_, i) => `, ${i + 2}`).join('');
  const m = q.metric;
  const measures =
    m === 'nps'
      ? sql`count(*) filter (where nps >= 9) as hi, count(*) filter (where nps between 7 and 8) as mid,
            count(*) filter (where nps <= 6) as lo, 0::float8 as sum, 0::float8 as sq`
      : m === 'rating'
        ? sql`count(*) filter (where rating = 1) as hi, 0 as mid, 0 as lo,
              sum(rating::numeric)::float8 as sum, sum(rating::numeric * rating::numeric)::float8 as sq`
        : sql`count(*) filter (where ${m === 'csat' ? sql`csat >= 4` : sql`ces >= 5`}) as hi, 0 as mid, 0 as lo,
              sum(${sql(m)})::float8 as sum, sum(${sql(m)}::int * ${sql(m)}::int)::float8 as sq`;
  const result = await sql<Array<Record<string, unknown>>>`
    select to_char(p, 'YYYY-MM-DD') as period ${groupColumns(sql, q.groupBy.length)}, n, hi, mid, lo, sum, sq from (
      select ${period} as p ${groups.reduce((acc, g) => sql`${acc} ${g}`, sql``)}, count(*) as n, ${measures}
      from feedback
      where org_id = ${orgId} and ${sql(m)} is not null ${rawFilter(sql, q, excludeSurveys)}
      group by 1 ${sql.unsafe(positions)}
    ) x`;
  return sortRows(result.map((r) => fromRecord(r, q.groupBy.length)));
}

/** A SumsRow from a result record with columns period, g0..g(k-1), n, hi, mid, lo, sum, sq. */
export function fromRecord(r: Record<string, unknown>, k: number): SumsRow {
  return {
    period: (r.period as string | null) ?? null,
    groups: Array.from({ length: k }, (_, i) => (r[`g${i}`] as string | null) ?? null),
    n: Number(r.n),
    hi: Number(r.hi),
    mid: Number(r.mid),
    lo: Number(r.lo),
    sum: Number(r.sum),
    sumSquares: Number(r.sq),
  };
}

/** Order rows by period then group keys (nulls first), the same for every engine. */
export function sortRows(rows: SumsRow[]): SumsRow[] {
  const cmp = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  return rows.sort((a, b) => {
    const c = cmp(a.period, b.period);
    if (c !== 0) return c;
    for (let i = 0; i < a.groups.length; i++) {
      const d = cmp(a.groups[i] ?? null, b.groups[i] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  });
}
