// Score summaries: NPS, CSAT and CES per time bucket and group, each with n and a 95% interval.
import type { Sql } from '../../platform/db/index.js';
import { summariseMean, summariseNps, summariseProportion } from '../stats/index.js';
import {
  type GroupBy,
  getScoreSums,
  type Interval,
  type Metric,
  type ScoreFilter,
  type SumsRow,
} from './score-sums.js';

export type { GroupBy, Interval, Metric, ScoreFilter } from './score-sums.js';

/** A score with its uncertainty, in the metric's reporting unit. */
export interface Score {
  n: number;
  /** NPS in points (-100..100), CSAT top-2-box in percent, CES mean on 1..7; null when n = 0 */
  score: number | null;
  ci: { low: number; high: number; level: number } | null;
  lowN: boolean;
  method: 'adjusted-wald' | 'wilson' | 't';
  breakdown?: { promoters: number; passives: number; detractors: number };
}

/** A score in one time bucket and/or group. */
export interface Bucket extends Score {
  period: string | null;
  group: { id: string; name: string } | null;
}

/** The result of a score summary. */
export interface ScoreSummary {
  metric: Metric;
  interval: Interval | null;
  groupBy: GroupBy | null;
  overall: Score;
  buckets: Bucket[];
}

const LEVEL = 0.95;

/** Turn sufficient statistics into a score with its interval (the only place metrics meet the stats module). */
export function scoreFromSums(metric: Metric, s: Omit<SumsRow, 'period' | 'groupKey'>, minN: number): Score {
  if (metric === 'nps') {
    const r = summariseNps({ promoters: s.hi, passives: s.mid, detractors: s.lo }, { level: LEVEL, minN });
    return {
      n: r.n,
      score: r.score,
      ci: r.ci,
      lowN: r.lowN,
      method: r.method,
      breakdown: { promoters: s.hi, passives: s.mid, detractors: s.lo },
    };
  }
  if (metric === 'csat') {
    const r = summariseProportion({ successes: s.hi, n: s.n }, { level: LEVEL, minN });
    return { n: r.n, score: r.estimate, ci: r.ci, lowN: r.lowN, method: r.method };
  }
  const r = summariseMean({ n: s.n, sum: s.sum, sumSquares: s.sumSquares }, { level: LEVEL, minN });
  return { n: r.n, score: r.mean, ci: r.ci, lowN: r.lowN, method: r.method };
}

async function groupNames(sql: Sql, orgId: string, groupBy: GroupBy): Promise<Map<string, string>> {
  if (groupBy === 'channel') return new Map();
  const table = { touchpoint: sql`touchpoints`, stage: sql`stages`, survey: sql`surveys` }[groupBy];
  const rows = await sql<
    { id: string; name: string }[]
  >`select id::text, name from ${table} where org_id = ${orgId}`;
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Summarise a metric over feedback, optionally per time bucket and per group. */
export async function getScoreSummary(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: Interval | undefined;
    groupBy?: GroupBy | undefined;
    timeZone?: string;
    filter: ScoreFilter;
    minN?: number;
  },
): Promise<ScoreSummary> {
  const minN = q.minN ?? 30;
  const rows = await getScoreSums(sql, orgId, { ...q, timeZone: q.timeZone ?? 'UTC' });
  const names = q.groupBy ? await groupNames(sql, orgId, q.groupBy) : new Map<string, string>();
  // Sufficient statistics add up, so the overall score is the sum of the buckets: no second query.
  const total = { n: 0, hi: 0, mid: 0, lo: 0, sum: 0, sumSquares: 0 };
  for (const r of rows) {
    total.n += r.n;
    total.hi += r.hi;
    total.mid += r.mid;
    total.lo += r.lo;
    total.sum += r.sum;
    total.sumSquares += r.sumSquares;
  }
  return {
    metric: q.metric,
    interval: q.interval ?? null,
    groupBy: q.groupBy ?? null,
    overall: scoreFromSums(q.metric, total, minN),
    buckets: rows.map((r) => ({
      period: r.period,
      group: r.groupKey === null ? null : { id: r.groupKey, name: names.get(r.groupKey) ?? r.groupKey },
      ...scoreFromSums(q.metric, r, minN),
    })),
  };
}
