// Query: the loop's figures of the cases opened in a period, overall or by one key.
import type { Sql } from '../../platform/db/index.js';
import type { CaseStatsQuery } from '../stats.js';

/** Counts, medians and numerators of one group of cases (key null: all of them). */
export interface CaseStatsRow {
  key: string | null;
  opened: number;
  open: number;
  closed: number;
  breached: number;
  firstResponse: number | null;
  toClose: number | null;
  slaN: number;
  slaMet: number;
  surveyed: number;
  answered: number;
  recovered: number;
}

/** The figures of the filtered cases: one row overall, or one per group of `q.groupBy` when `grouped`. */
export async function selectCaseStats(
  sql: Sql,
  orgId: string,
  q: CaseStatsQuery,
  grouped: boolean,
): Promise<CaseStatsRow[]> {
  const key =
    q.groupBy === 'team'
      ? sql`c.team_id::text`
      : q.groupBy === 'touchpoint'
        ? sql`c.touchpoint_id::text`
        : q.groupBy === 'rootCause'
          ? sql`c.root_cause`
          : q.groupBy === 'month'
            ? sql`to_char(date_trunc('month', c.created_at at time zone 'UTC'), 'YYYY-MM')`
            : sql`null::text`;
  return sql<CaseStatsRow[]>`
    select ${grouped ? key : sql`null::text`} as key,
      count(*)::int as opened,
      count(*) filter (where c.status <> 'closed')::int as open,
      count(*) filter (where c.status = 'closed')::int as closed,
      count(*) filter (where c.breached_at is not null)::int as breached,
      (percentile_cont(0.5) within group (order by extract(epoch from c.first_response_at - c.created_at) / 3600)
        filter (where c.first_response_at is not null))::float8 as "firstResponse",
      (percentile_cont(0.5) within group (order by extract(epoch from c.first_closed_at - c.created_at) / 3600)
        filter (where c.first_closed_at is not null))::float8 as "toClose",
      count(*) filter (where c.first_closed_at is not null)::int as "slaN",
      count(*) filter (where c.closed_within_sla)::int as "slaMet",
      count(*) filter (where c.nps <= 6 and c.recovery_asked_at is not null)::int as surveyed,
      count(*) filter (where c.nps <= 6 and c.recovery_score is not null)::int as answered,
      count(*) filter (where c.nps <= 6 and c.recovery_score >= 7)::int as recovered
    from cases c
    where c.org_id = ${orgId}
      ${q.from ? sql`and c.created_at >= ${q.from}` : sql``}
      ${q.to ? sql`and c.created_at < ${q.to}` : sql``}
      ${q.teamId ? sql`and c.team_id = ${q.teamId}` : sql``}
      ${q.touchpointId ? sql`and c.touchpoint_id = ${q.touchpointId}` : sql``}
    ${grouped ? sql`group by 1 order by 1 nulls first` : sql``}`;
}
