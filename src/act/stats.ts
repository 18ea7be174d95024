// Figures of the loop: cases opened, open, closed and breached; median hours to first response and
// to close; share closed within SLA and recovery rate, each with a Wilson 95% interval; overall or
// by team, touchpoint, root cause or month.
import type { Sql } from '../platform/db/index.js';
import { proportionInterval } from '../understand/stats/index.js';

/** Stats filters: cases opened in [from, to). */
export interface CaseStatsQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  teamId?: string | undefined;
  touchpointId?: string | undefined;
  groupBy?: 'team' | 'touchpoint' | 'rootCause' | 'month' | undefined;
}

/** A share with its Wilson interval (nulls when nothing was counted). */
export interface Share {
  n: number;
  share: number | null;
  ci: { low: number | null; high: number | null };
}

/** Figures of one group of cases. */
export interface CaseStats {
  opened: number;
  open: number;
  closed: number;
  breached: number;
  medianHoursToFirstResponse: number | null;
  medianHoursToClose: number | null;
  withinSla: Share;
  recovery: {
    surveyed: number;
    answered: number;
    recovered: number;
    rate: number | null;
    ci: { low: number | null; high: number | null };
  };
}

interface Row {
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

function share(
  successes: number,
  n: number,
): { share: number | null; ci: { low: number | null; high: number | null } } {
  const ci = proportionInterval({ successes, n }, 'wilson');
  return { share: n > 0 ? successes / n : null, ci: { low: ci?.low ?? null, high: ci?.high ?? null } };
}

function present(r: Row): CaseStats {
  const sla = share(r.slaMet, r.slaN);
  const rec = share(r.recovered, r.answered);
  return {
    opened: r.opened,
    open: r.open,
    closed: r.closed,
    breached: r.breached,
    medianHoursToFirstResponse: r.firstResponse,
    medianHoursToClose: r.toClose,
    withinSla: { n: r.slaN, ...sla },
    recovery: {
      surveyed: r.surveyed,
      answered: r.answered,
      recovered: r.recovered,
      rate: rec.share,
      ci: rec.ci,
    },
  };
}

/**
 * The figures. Recovery counts cases opened on a detractor's answer (NPS 0–6) whose customer was
 * asked the recovery question: answered ones, and among those the recovered (answering 7 or more).
 * Within SLA: cases closed (first close) by their due time, over all closed cases.
 */
export async function caseStats(
  sql: Sql,
  orgId: string,
  q: CaseStatsQuery,
): Promise<CaseStats & { groups?: Array<{ key: string | null } & CaseStats> }> {
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
  const query = (grouped: boolean) => sql<Row[]>`
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
  const [total] = await query(false);
  const overall = present(total!);
  if (!q.groupBy) return overall;
  const groups = await query(true);
  return { ...overall, groups: groups.map((r) => ({ key: r.key, ...present(r) })) };
}
