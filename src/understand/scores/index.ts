// Score summaries: NPS, CSAT, CES and ratings per time bucket and group, each with n and a 95% interval.
import type { Sql } from '../../platform/db/index.js';
import { summariseMean, summariseNps, summariseProportion } from '../stats/index.js';
import {
  addSums,
  type Dimension,
  type Engine,
  type EngineChoice,
  emptySums,
  getSums,
  type Metric,
  type SliceFilter,
  type Sums,
  type TimeBucket,
} from '../sums/index.js';
import { getGroupNames } from './group-names.js';

export { getGroupNames } from './group-names.js';

/** A secondary estimate beside the headline score (CSAT mean, CES 5-7 share, rating top box). */
export interface SubScore {
  score: number | null;
  ci: { low: number; high: number; level: number } | null;
  method: 'wilson' | 't';
}

/** A score with its uncertainty, in the metric's reporting unit. */
export interface Score {
  n: number;
  /** NPS in points (-100..100), CSAT top-2-box in percent, CES mean on 1..7, rating mean in percent of
   * the scale (0..100); null when n = 0. */
  score: number | null;
  ci: { low: number; high: number; level: number } | null;
  /** n below the minimum (default 30): show, but do not read much into it. */
  lowN: boolean;
  method: 'adjusted-wald' | 'wilson' | 't';
  /** NPS: counts of promoters (9-10), passives (7-8), detractors (0-6). */
  breakdown?: { promoters: number; passives: number; detractors: number };
  /** NPS: the same as percentages of n. */
  shares?: { promoters: number; passives: number; detractors: number } | null;
  /** CSAT: mean on 1..5 with its t interval. */
  mean?: SubScore;
  /** CES: share answering 5-7 (percent); rating: share giving the top of the scale (percent); Wilson. */
  topBox?: SubScore;
}

/** A score in one time bucket and/or group. */
export interface Bucket extends Score {
  period: string | null;
  group: { id: string; name: string } | null;
}

/** The result of a score summary. */
export interface ScoreSummary {
  metric: Metric;
  interval: TimeBucket | null;
  groupBy: Dimension | null;
  minN: number;
  engine: Engine;
  overall: Score;
  buckets: Bucket[];
}

const LEVEL = 0.95;

/** Turn sufficient statistics into a score with its interval (the only place metrics meet the stats module). */
export function scoreFromSums(metric: Metric, s: Sums, minN: number): Score {
  const opts = { level: LEVEL, minN };
  if (metric === 'nps') {
    const r = summariseNps({ promoters: s.hi, passives: s.mid, detractors: s.lo }, opts);
    return {
      n: r.n,
      score: r.score,
      ci: r.ci,
      lowN: r.lowN,
      method: r.method,
      breakdown: { promoters: s.hi, passives: s.mid, detractors: s.lo },
      shares: r.shares && {
        promoters: 100 * r.shares.promoters,
        passives: 100 * r.shares.passives,
        detractors: 100 * r.shares.detractors,
      },
    };
  }
  const m = summariseMean({ n: s.n, sum: s.sum, sumSquares: s.sumSquares }, opts);
  const top = summariseProportion({ successes: s.hi, n: s.n }, opts);
  if (metric === 'csat') {
    return {
      n: top.n,
      score: top.estimate,
      ci: top.ci,
      lowN: top.lowN,
      method: top.method,
      mean: { score: m.mean, ci: m.ci, method: 't' },
    };
  }
  const topBox: SubScore = { score: top.estimate, ci: top.ci, method: 'wilson' };
  if (metric === 'ces') return { n: m.n, score: m.mean, ci: m.ci, lowN: m.lowN, method: m.method, topBox };
  const pct = (v: number | null) => (v === null ? null : 100 * v);
  return {
    n: m.n,
    score: pct(m.mean),
    ci: m.ci && { low: 100 * m.ci.low, high: 100 * m.ci.high, level: m.ci.level },
    lowN: m.lowN,
    method: m.method,
    topBox,
  };
}

/** Summarise a metric over feedback, optionally per time bucket and per group (one dimension). */
export async function getScoreSummary(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: TimeBucket | undefined;
    groupBy?: Dimension | undefined;
    timeZone?: string | undefined;
    filter: SliceFilter;
    minN?: number | undefined;
    engine?: EngineChoice | undefined;
  },
): Promise<ScoreSummary> {
  // One dimension at most: the slice over that dimension, each bucket with its one group (or none).
  const slice = await getScoreSlice(sql, orgId, {
    metric: q.metric,
    interval: q.interval,
    by: q.groupBy ? [q.groupBy] : [],
    timeZone: q.timeZone ?? 'UTC',
    filter: q.filter,
    minN: q.minN,
    engine: q.engine,
  });
  return {
    metric: slice.metric,
    interval: slice.interval,
    groupBy: q.groupBy ?? null,
    minN: slice.minN,
    engine: slice.engine,
    overall: slice.overall,
    buckets: slice.buckets.map(({ period, groups, ...score }) => {
      const g = groups[0];
      // Feedback without the grouped entity (e.g. no touchpoint) is a bucket with no group, as before.
      return { period, group: g && g.id !== null ? { id: g.id, name: g.name } : null, ...score };
    }),
  };
}

/** Display name of a group key: the entity's name, the attribute value, or '(none)'. */
export function groupName(names: Map<string, string>, key: string | null): string {
  if (key === null || key === '') return '(none)';
  return names.get(key) ?? key;
}

/** A bucket of a multi-dimensional slice. */
export interface SliceBucket extends Score {
  period: string | null;
  groups: Array<{ dimension: Dimension; id: string | null; name: string }>;
}

/** Scores per time bucket and per combination of several dimensions (a cross-tabulation), with filters. */
export async function getScoreSlice(
  sql: Sql,
  orgId: string,
  q: {
    metric: Metric;
    interval?: TimeBucket | undefined;
    by: Dimension[];
    timeZone: string;
    filter: SliceFilter;
    minN?: number | undefined;
    engine?: EngineChoice | undefined;
  },
): Promise<{
  metric: Metric;
  interval: TimeBucket | null;
  by: Dimension[];
  minN: number;
  engine: Engine;
  overall: Score;
  buckets: SliceBucket[];
}> {
  const minN = q.minN ?? 30;
  const [{ engine, rows }, ...names] = await Promise.all([
    getSums(
      sql,
      orgId,
      { metric: q.metric, interval: q.interval, timeZone: q.timeZone, groupBy: q.by, filter: q.filter },
      q.engine,
    ),
    ...q.by.map((d) => getGroupNames(sql, orgId, d)),
  ]);
  const total = emptySums();
  for (const r of rows) addSums(total, r);
  return {
    metric: q.metric,
    interval: q.interval ?? null,
    by: q.by,
    minN,
    engine,
    overall: scoreFromSums(q.metric, total, minN),
    buckets: rows.map((r) => ({
      period: r.period,
      groups: q.by.map((dimension, i) => {
        const id = r.groups[i] ?? null;
        return { dimension, id, name: groupName(names[i] ?? new Map(), id) };
      }),
      ...scoreFromSums(q.metric, r, minN),
    })),
  };
}
