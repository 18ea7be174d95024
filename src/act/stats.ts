// Figures of the loop: cases opened, open, closed and breached; median hours to first response and
// to close; share closed within SLA and recovery rate, each with a Wilson 95% interval; overall or
// by team, touchpoint, root cause or month.
import type { Sql } from '../platform/db/index.js';
import { proportionInterval } from '../understand/stats/index.js';
import { type CaseStatsRow, selectCaseStats } from './queries/stats.js';

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

function share(
  successes: number,
  n: number,
): { share: number | null; ci: { low: number | null; high: number | null } } {
  const ci = proportionInterval({ successes, n }, 'wilson');
  return { share: n > 0 ? successes / n : null, ci: { low: ci?.low ?? null, high: ci?.high ?? null } };
}

function present(r: CaseStatsRow): CaseStats {
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
  const [total] = await selectCaseStats(sql, orgId, q, false);
  const overall = present(total!);
  if (!q.groupBy) return overall;
  const groups = await selectCaseStats(sql, orgId, q, true);
  return { ...overall, groups: groups.map((r) => ({ key: r.key, ...present(r) })) };
}
