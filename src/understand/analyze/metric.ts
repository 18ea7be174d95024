// What the score analyses share: the metrics, per-group sufficient statistics, a score row, group order.
import { ValidationError } from '../../platform/errors/index.js';
import { scoreFromSums } from '../scores/score.js';
import {
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  type MomentSums,
  type NpsCounts,
  type ProportionCounts,
  sumMoments,
  summariseMean,
  summariseProportion,
} from '../stats/index.js';
import type { Metric, Sums } from '../sums/types.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn } from './csv.js';

/** Score metrics: NPS (0-10), CSAT top-2-box (1-5), CES mean (1-7), any mean, any top-box share. */
export type AnalyzeMetric = 'nps' | 'csat' | 'ces' | 'mean' | 'top-box';

/** The metrics `analyze` accepts, for flag validation and help. */
export const METRICS: readonly AnalyzeMetric[] = ['nps', 'csat', 'ces', 'mean', 'top-box'];

/** Sufficient statistics of one group for the chosen metric. */
export type GroupStats =
  | { kind: 'nps'; counts: NpsCounts }
  | { kind: 'proportion'; counts: ProportionCounts; moments: MomentSums }
  | { kind: 'mean'; moments: MomentSums; share?: ProportionCounts };

/** One score row: the estimate with its interval, in the metric's unit (points, percent or scale units). */
export interface ScoreRow {
  group: string;
  n: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  lowN: boolean;
  /** AnalyzeMetric-specific extras: NPS shares (percent), CSAT mean, CES share 5-7 (percent). */
  extra: Record<string, number | null>;
  /** Change from the previous group (in group order), with its BH-adjusted p across all changes. */
  change?: { difference: number | null; p: number | null; pAdjusted: number | null; significant: boolean };
}

export const UNIT: Record<AnalyzeMetric, string> = {
  nps: 'points',
  csat: 'percent',
  ces: 'scale',
  mean: 'scale',
  'top-box': 'percent',
};
export const METHOD: Record<AnalyzeMetric, string> = {
  nps: 'adjusted-Wald',
  csat: 'Wilson',
  ces: 't',
  mean: 't',
  'top-box': 'Wilson',
};

export function metricValues(
  table: CsvTable,
  req: { column: string; metric: AnalyzeMetric; missing?: string[] },
): Float64Array {
  const missing = req.missing ?? DEFAULT_MISSING;
  switch (req.metric) {
    case 'nps':
      return numericColumn(table, req.column, { missing, integer: true, min: 0, max: 10 });
    case 'csat':
      return numericColumn(table, req.column, { missing, integer: true, min: 1, max: 5 });
    case 'ces':
      return numericColumn(table, req.column, { missing, integer: true, min: 1, max: 7 });
    default:
      return numericColumn(table, req.column, { missing });
  }
}

export function gather(
  values: Float64Array,
  rows: Iterable<number>,
  metric: AnalyzeMetric,
  topBox?: number,
): GroupStats {
  const picked: number[] = [];
  for (const r of rows) {
    const v = values[r] as number;
    if (!Number.isNaN(v)) picked.push(v);
  }
  if (metric === 'nps') {
    const counts = { promoters: 0, passives: 0, detractors: 0 };
    for (const v of picked) {
      if (v >= 9) counts.promoters += 1;
      else if (v >= 7) counts.passives += 1;
      else counts.detractors += 1;
    }
    return { kind: 'nps', counts };
  }
  if (metric === 'csat' || metric === 'top-box') {
    const threshold = metric === 'csat' ? 4 : (topBox as number);
    return {
      kind: 'proportion',
      counts: { successes: picked.filter((v) => v >= threshold).length, n: picked.length },
      moments: sumMoments(picked),
    };
  }
  const moments = sumMoments(picked);
  if (metric === 'ces')
    return {
      kind: 'mean',
      moments,
      share: { successes: picked.filter((v) => v >= 5).length, n: picked.length },
    };
  return { kind: 'mean', moments };
}

/** The score metrics the server knows: their estimates come from `scoreFromSums`, as the server's do. */
const SERVER_METRIC: Partial<Record<AnalyzeMetric, Metric>> = { nps: 'nps', csat: 'csat', ces: 'ces' };

/** A group's statistics as the server's sufficient statistics (hi: promoters, or the top-box count). */
function asSums(s: GroupStats): Sums {
  if (s.kind === 'nps') {
    const { promoters, passives, detractors } = s.counts;
    return {
      n: promoters + passives + detractors,
      hi: promoters,
      mid: passives,
      lo: detractors,
      sum: 0,
      sumSquares: 0,
    };
  }
  const top = s.kind === 'proportion' ? s.counts.successes : (s.share?.successes ?? 0);
  const m = s.moments;
  return {
    n: m.n,
    hi: top,
    mid: 0,
    lo: 0,
    sum: m.sum,
    sumSquares: m.sumSquares,
    ...(m.shift === undefined ? {} : { shift: m.shift }),
  };
}

export function scoreRow(
  group: string,
  s: GroupStats,
  level: number,
  minN: number,
  metric: AnalyzeMetric,
): ScoreRow {
  const server = SERVER_METRIC[metric];
  if (server) {
    const r = scoreFromSums(server, asSums(s), minN, level);
    const base = {
      group,
      n: r.n,
      estimate: r.score,
      low: r.ci?.low ?? null,
      high: r.ci?.high ?? null,
      lowN: r.lowN,
    };
    if (server === 'nps') {
      return {
        ...base,
        extra: {
          promoters: r.shares?.promoters ?? null,
          passives: r.shares?.passives ?? null,
          detractors: r.shares?.detractors ?? null,
        },
      };
    }
    if (server === 'csat') return { ...base, extra: { mean: r.mean?.score ?? null } };
    return { ...base, extra: { 'share 5-7': r.topBox?.score ?? null } };
  }
  // Any mean, any top-box share: no server metric.
  if (s.kind === 'proportion') {
    const r = summariseProportion(s.counts, { level, minN });
    return {
      group,
      n: r.n,
      estimate: r.estimate,
      low: r.ci?.low ?? null,
      high: r.ci?.high ?? null,
      lowN: r.lowN,
      extra: { mean: summariseMean(s.moments).mean },
    };
  }
  const r = summariseMean(s.kind === 'mean' ? s.moments : { n: 0, sum: 0, sumSquares: 0 }, { level, minN });
  return {
    group,
    n: r.n,
    estimate: r.mean,
    low: r.ci?.low ?? null,
    high: r.ci?.high ?? null,
    lowN: r.lowN,
    extra: {},
  };
}

export function compareStats(a: GroupStats, b: GroupStats, level: number): Comparison {
  if (a.kind === 'nps' && b.kind === 'nps') return compareNps(a.counts, b.counts, { level });
  if (a.kind === 'proportion' && b.kind === 'proportion')
    return compareProportions(a.counts, b.counts, { level });
  if (a.kind === 'mean' && b.kind === 'mean') return compareMeans(a.moments, b.moments, { level });
  throw new Error('cannot compare different metrics');
}

/** Order group keys numerically when they all look like numbers (a period index), else as text. */
export function groupRows(labels: Array<string | null>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((g, r) => {
    if (g === null) return;
    let list = groups.get(g);
    if (!list) {
      list = [];
      groups.set(g, list);
    }
    list.push(r);
  });
  const keys = [...groups.keys()];
  const numeric = keys.every((k) => Number.isFinite(Number(k)));
  keys.sort(numeric ? (x, y) => Number(x) - Number(y) : (x, y) => x.localeCompare(y));
  return new Map(keys.map((k) => [k, groups.get(k) as number[]]));
}

export function checkMetric(req: { metric: AnalyzeMetric; topBox?: number | undefined }): void {
  if (!METRICS.includes(req.metric)) {
    throw new ValidationError(`unknown metric '${req.metric}'; use one of ${METRICS.join(', ')}`, [
      { name: 'metric', reason: 'unknown' },
    ]);
  }
  if (req.metric === 'top-box' && (req.topBox === undefined || !Number.isFinite(req.topBox))) {
    throw new ValidationError('metric top-box needs --top-box <value> (values >= it count as top box)', [
      { name: 'top-box', reason: 'required' },
    ]);
  }
}

export const allRows = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
