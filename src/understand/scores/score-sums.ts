// One query: the sufficient statistics of a metric per time bucket and group (counts, sums, sums of squares).
import type { Sql } from '../../platform/db/index.js';

/** The metrics a score summary can be asked for. */
export type Metric = 'nps' | 'csat' | 'ces';
/** Time buckets. */
export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** Dimensions a summary can be grouped by. */
export type GroupBy = 'touchpoint' | 'stage' | 'survey' | 'channel';

/** Filters shared by score queries. */
export interface ScoreFilter {
  surveyId?: string | undefined;
  touchpointId?: string | undefined;
  journeyId?: string | undefined;
  channel?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** contact attribute equality filters, e.g. { segment: 'enterprise' } */
  attributes?: Record<string, string> | undefined;
}

/** Sufficient statistics of one bucket. */
export interface SumsRow {
  period: string | null;
  groupKey: string | null;
  n: number;
  /** NPS: promoters; CSAT: top-2-box count; CES: unused (0) */
  hi: number;
  /** NPS: passives */
  mid: number;
  /** NPS: detractors */
  lo: number;
  sum: number;
  sumSquares: number;
}

const GROUP_COLUMN: Record<GroupBy, string> = {
  touchpoint: 'touchpoint_id',
  stage: 'stage_id',
  survey: 'survey_id',
  channel: 'channel',
};

/** Gather per-bucket sums for a metric; buckets start at local midnight in `timeZone`. */
export async function getScoreSums(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: Interval | undefined;
    groupBy?: GroupBy | undefined;
    timeZone: string;
    filter: ScoreFilter;
  },
): Promise<SumsRow[]> {
  const col = sql(q.metric);
  const f = q.filter;
  // Group on the local timestamp and the raw key (cheap per row: no text formatting, and PostgreSQL
  // estimates the groups well); the few group rows are formatted afterwards.
  const period = q.interval ? sql`date_trunc(${q.interval}, occurred_at at time zone ${q.timeZone})` : sql`null::timestamp`;
  const groupKey = q.groupBy ? sql.unsafe(GROUP_COLUMN[q.groupBy]) : sql`null::text`;
  const attributeFilters = Object.entries(f.attributes ?? {}).map(
    ([k, v]) => sql`and attributes @> ${sql.json({ [k]: v })}`,
  );
  return sql<SumsRow[]>`
    select to_char(period, 'YYYY-MM-DD') as period, "groupKey"::text as "groupKey", n, hi, mid, lo, sum, "sumSquares"
    from (
      select ${period} as period, ${groupKey} as "groupKey",
        count(*)::int as n,
        count(*) filter (where ${q.metric === 'nps' ? sql`nps >= 9` : q.metric === 'csat' ? sql`csat >= 4` : sql`false`})::int as hi,
        count(*) filter (where ${q.metric === 'nps' ? sql`nps between 7 and 8` : sql`false`})::int as mid,
        count(*) filter (where ${q.metric === 'nps' ? sql`nps <= 6` : sql`false`})::int as lo,
        coalesce(sum(${col}), 0)::float8 as sum,
        coalesce(sum(${col}::int * ${col}::int), 0)::float8 as "sumSquares"
      from feedback
      where org_id = ${orgId} and ${col} is not null
        ${f.surveyId ? sql`and survey_id = ${f.surveyId}` : sql``}
        ${f.touchpointId ? sql`and touchpoint_id = ${f.touchpointId}` : sql``}
        ${f.journeyId ? sql`and journey_id = ${f.journeyId}` : sql``}
        ${f.channel ? sql`and channel = ${f.channel}` : sql``}
        ${f.from ? sql`and occurred_at >= ${f.from}` : sql``}
        ${f.to ? sql`and occurred_at < ${f.to}` : sql``}
        ${attributeFilters.reduce((acc, frag) => sql`${acc} ${frag}`, sql``)}
      group by 1, 2
    ) g
    order by g.period nulls first, 2 nulls first`;
}
