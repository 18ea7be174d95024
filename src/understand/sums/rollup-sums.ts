// One query: a metric's sufficient statistics per time bucket and group, read from feedback_rollup.
import type { Sql } from '../../platform/db/index.js';
import { ENTITY_ID_COLUMN } from './dimensions.js';
import { fromRecord, groupColumns, sortRows } from './raw-sums.js';
import type { Dimension, SumsQuery, SumsRow } from './types.js';

const NIL = '00000000-0000-0000-0000-000000000000';
const ID_COLUMN = ENTITY_ID_COLUMN;

/** Measures per metric over rollup rows, in the order n, hi, mid, lo, sum, sq. */
const MEASURES: Record<SumsQuery['metric'], { n: string; rest: string }> = {
  nps: {
    // the planner computes each sum once, shared with the columns below
    n: 'sum(nps_p) + sum(nps_pa) + sum(nps_d)',
    rest: 'sum(nps_p) as hi, sum(nps_pa) as mid, sum(nps_d) as lo, 0::float8 as sum, 0::float8 as sq',
  },
  csat: {
    n: 'sum(csat_n)',
    rest: 'sum(csat_top) as hi, 0 as mid, 0 as lo, sum(csat_sum)::float8 as sum, sum(csat_sq)::float8 as sq',
  },
  ces: {
    n: 'sum(ces_n)',
    rest: 'sum(ces_top) as hi, 0 as mid, 0 as lo, sum(ces_sum)::float8 as sum, sum(ces_sq)::float8 as sq',
  },
  rating: {
    n: 'sum(rating_n)',
    rest: 'sum(rating_top) as hi, 0 as mid, 0 as lo, sum(rating_sum)::float8 as sum, sum(rating_sq)::float8 as sq',
  },
};

/** Where a rollup read starts and ends: local days in the rollup's zone (from inclusive, to exclusive). */
export interface RollupRange {
  zone: string;
  fromDay: string | null;
  toDay: string | null;
  /** The one segment dimension read ('' for none). */
  segment: Dimension | '';
  /** The coarsest kept grain whose periods nest in the query's buckets. */
  grain: Grain;
}

/** Period lengths kept in the rollup. */
export type Grain = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const format = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Start of the grain period containing a day ('YYYY-MM-DD'); weeks start on Monday. */
export function floorToGrain(day: string, grain: Grain): string {
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  const t = parse(day);
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7;
  return format(t - sinceMonday * DAY_MS);
}

/** First grain boundary on or after a day. */
export function ceilToGrain(day: string, grain: Grain): string {
  const floor = floorToGrain(day, grain);
  if (floor === day) return day;
  if (grain === 'week') return format(parse(floor) + 7 * DAY_MS);
  const d = new Date(parse(floor));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return format(d.getTime());
}

/**
 * The day ranges to read at the coarse grain and at day grain: whole grain periods inside
 * [fromDay, toDay) from the coarse rows, the partial periods at either edge from day rows.
 */
export function splitRange(r: RollupRange): {
  coarse: { from: string | null; to: string | null } | null;
  days: Array<{ from: string | null; to: string | null }>;
} {
  if (r.grain === 'day') return { coarse: null, days: [{ from: r.fromDay, to: r.toDay }] };
  const cFrom = r.fromDay === null ? null : ceilToGrain(r.fromDay, r.grain);
  const cTo = r.toDay === null ? null : floorToGrain(r.toDay, r.grain);
  if (cFrom !== null && cTo !== null && cFrom >= cTo)
    return { coarse: null, days: [{ from: r.fromDay, to: r.toDay }] };
  const days: Array<{ from: string | null; to: string | null }> = [];
  if (r.fromDay !== null && cFrom !== r.fromDay) days.push({ from: r.fromDay, to: cFrom });
  if (r.toDay !== null && cTo !== r.toDay) days.push({ from: cTo, to: r.toDay });
  return { coarse: { from: cFrom, to: cTo }, days };
}

/**
 * Read the sums of `q.metric` from the rollup. The caller has checked that the rollup can answer
 * (zone kept, range on local midnights, at most one configured segment dimension, no text filter).
 */
export async function getRollupSums(
  sql: Sql,
  orgId: string,
  q: SumsQuery,
  range: RollupRange,
  excludeSurveys: readonly string[],
): Promise<SumsRow[]> {
  const period = q.interval ? sql`date_trunc(${q.interval}, day::timestamp)` : sql`null::timestamp`;
  const groups = q.groupBy.map((d, i) => {
    const expr =
      d === 'channel'
        ? sql`channel`
        : d in ID_COLUMN
          ? sql`nullif(${sql.unsafe(ID_COLUMN[d] as string)}, ${NIL}::uuid)`
          : sql`value`;
    return sql`, ${expr} as ${sql(`g${i}`)}`;
  });
  const positions = q.groupBy.map((_, i) => `, ${i + 2}`).join('');
  const filters = (q.filter.equals ?? []).map((e) =>
    e.dimension === 'channel'
      ? sql`and channel = ${e.value}`
      : e.dimension in ID_COLUMN
        ? sql`and ${sql.unsafe(ID_COLUMN[e.dimension] as string)} = ${e.value}`
        : sql`and value = ${e.value}`,
  );
  const me = MEASURES[q.metric];
  // The folded rollup plus the sums of small writes not yet folded, in the same snapshot.
  const where = sql`org_id = ${orgId} and zone = ${range.zone} ${range.segment ? sql`and dim = ${range.segment}` : sql``}
    and (${periods(sql, range)})
    ${filters.reduce((acc, frag) => sql`${acc} ${frag}`, sql``)}
    ${excludeSurveys.length > 0 ? sql`and survey_id <> all(${excludeSurveys as string[]}::uuid[])` : sql``}`;
  const result = await sql<Array<Record<string, unknown>>>`
    select to_char(p, 'YYYY-MM-DD') as period ${groupColumns(sql, q.groupBy.length)}, n, hi, mid, lo, sum, sq from (
      select ${period} as p ${groups.reduce((acc, g) => sql`${acc} ${g}`, sql``)}, ${sql.unsafe(me.n)} as n, ${sql.unsafe(me.rest)}
      from (
        select * from ${range.segment ? sql`feedback_rollup_segment` : sql`feedback_rollup`} where ${where}
        union all
        select * from ${range.segment ? sql`feedback_rollup_segment_delta` : sql`feedback_rollup_delta`} where ${where}
      ) r
      group by 1 ${sql.unsafe(positions)}
      having ${sql.unsafe(me.n)} > 0
    ) x`;
  return sortRows(result.map((r) => fromRecord(r, q.groupBy.length)));
}

/** The grain and day conditions of a rollup read (each row is counted once, at exactly one grain). */
function periods(sql: Sql, range: RollupRange) {
  const { coarse, days } = splitRange(range);
  const between = (grain: Grain, p: { from: string | null; to: string | null }) =>
    sql`(grain = ${grain} ${p.from ? sql`and day >= ${p.from}::date` : sql``} ${p.to ? sql`and day < ${p.to}::date` : sql``})`;
  const parts = [...(coarse ? [between(range.grain, coarse)] : []), ...days.map((d) => between('day', d))];
  return parts.slice(1).reduce((acc, p) => sql`${acc} or ${p}`, parts[0] ?? sql`false`);
}
