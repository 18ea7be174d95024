// SQL of an initiative's measured effect: per-day sums of its metric at the treated and the control
// touchpoints (feedback measures, or shares of comments and of recovered cases).
import type { Sql } from '../../../platform/db/index.js';
import type { InitiativeMetric } from '../types.js';

/** Which metric, where and when an effect is measured. */
export interface EffectDaysQuery {
  metric: InitiativeMetric;
  treated: string[];
  /** Control touchpoints; empty = every other touchpoint. */
  control: string[];
  from: string;
  /** Last day counted, inclusive; null = up to now. */
  to: string | null;
  /** theme_share: the themes whose share of comments is measured. */
  themes?: string[];
}

/** One UTC day's sums at the treated or at the control touchpoints. */
export interface EffectDay {
  treated: boolean;
  day: number;
  n: number;
  sum: number;
  sumSquares: number;
}

/** Per-day sums of a metric at treated vs control touchpoints (UTC days), in the effect's analysis unit. */
export async function selectEffectDays(sql: Sql, orgId: string, q: EffectDaysQuery): Promise<EffectDay[]> {
  if (q.metric === 'theme_share' || q.metric === 'recovery_rate') return selectShareDays(sql, orgId, q);
  const value =
    q.metric === 'nps'
      ? sql`case when nps >= 9 then 100 when nps >= 7 then 0 else -100 end`
      : q.metric === 'csat'
        ? sql`case when csat >= 4 then 100 else 0 end`
        : q.metric === 'ces'
          ? sql`ces`
          : sql`rating`;
  const measure = sql(q.metric);
  const control =
    q.control.length > 0 ? sql`touchpoint_id = any(${q.control}::uuid[])` : sql`touchpoint_id is not null`;
  return sql`
    select treated, day, count(*)::int as n, sum(v)::float8 as sum, sum(v * v)::float8 as "sumSquares"
    from (
      select touchpoint_id = any(${q.treated}::uuid[]) as treated,
        ((occurred_at at time zone 'UTC')::date - date '1970-01-01') as day,
        (${value})::float8 as v
      from feedback
      where org_id = ${orgId} and ${measure} is not null
        and occurred_at >= (${q.from}::date)::timestamp at time zone 'UTC'
        ${q.to ? sql`and occurred_at < (${q.to}::date + 1)::timestamp at time zone 'UTC'` : sql``}
        and (touchpoint_id = any(${q.treated}::uuid[]) or ${control})
    ) f
    group by treated, day`;
}

/**
 * Per-day sums of a share (0/100 per unit): theme_share counts enriched comments, 100 when they mention
 * one of the themes; recovery_rate counts detractor cases whose recovery question was answered, 100 when
 * the answer was 7 or more (by the day the case opened).
 */
async function selectShareDays(sql: Sql, orgId: string, q: EffectDaysQuery): Promise<EffectDay[]> {
  const control =
    q.control.length > 0 ? sql`touchpoint_id = any(${q.control}::uuid[])` : sql`touchpoint_id is not null`;
  const units =
    q.metric === 'theme_share'
      ? sql`
      select touchpoint_id, occurred_at as at,
        case when enrichment -> 'themeIds' ?| ${q.themes ?? []}::text[] then 100 else 0 end as v
      from feedback
      where org_id = ${orgId} and text is not null and enrichment is not null`
      : sql`
      select touchpoint_id, created_at as at, case when recovery_score >= 7 then 100 else 0 end as v
      from cases
      where org_id = ${orgId} and nps <= 6 and recovery_score is not null`;
  return sql`
    select treated, day, count(*)::int as n, sum(v)::float8 as sum, sum(v * v)::float8 as "sumSquares"
    from (
      select touchpoint_id = any(${q.treated}::uuid[]) as treated,
        ((at at time zone 'UTC')::date - date '1970-01-01') as day, v::float8 as v
      from (${units}) u
      where at >= (${q.from}::date)::timestamp at time zone 'UTC'
        ${q.to ? sql`and at < (${q.to}::date + 1)::timestamp at time zone 'UTC'` : sql``}
        and (touchpoint_id = any(${q.treated}::uuid[]) or ${control})
    ) f
    group by treated, day`;
}
