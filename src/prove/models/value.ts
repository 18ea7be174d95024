// Value by loyalty group: an outcome (spend, visits, retention) per NPS category or CSAT/CES band, with
// intervals, and the differences of the top and middle groups from the bottom one (Welch t or two-proportion z).
import {
  type Comparison,
  compareMeans,
  compareProportions,
  sumMoments,
  summariseMean,
  summariseProportion,
} from '../../understand/stats/index.js';

/** Score families with loyalty groups. */
export type ValueMetric = 'nps' | 'csat' | 'ces';
export const VALUE_METRICS: ValueMetric[] = ['nps', 'csat', 'ces'];

/** Groups of each metric, best first; the last is the reference of the differences. */
export const GROUPS: Record<ValueMetric, [string, string, string]> = {
  nps: ['promoter', 'passive', 'detractor'],
  csat: ['satisfied', 'neutral', 'dissatisfied'],
  ces: ['easy', 'neutral', 'difficult'],
};

/**
 * Group of a score: NPS 9-10 promoter, 7-8 passive, 0-6 detractor; CSAT (1-5) 4-5 satisfied, 3 neutral,
 * 1-2 dissatisfied; CES 2.0 (1-7, agreement that it was easy) 5-7 easy, 4 neutral, 1-3 difficult.
 * Null for a missing or out-of-scale score.
 */
export function groupOf(metric: ValueMetric, score: number): string | null {
  if (!Number.isFinite(score)) return null;
  const [top, middle, bottom] = GROUPS[metric];
  switch (metric) {
    case 'nps':
      if (score < 0 || score > 10) return null;
      return score >= 9 ? top : score >= 7 ? middle : bottom;
    case 'csat':
      if (score < 1 || score > 5) return null;
      return score >= 4 ? top : score >= 3 ? middle : bottom;
    case 'ces':
      if (score < 1 || score > 7) return null;
      return score >= 5 ? top : score >= 4 ? middle : bottom;
  }
}

/** An interval without its level (the level is reported once). */
export interface Bounds {
  low: number;
  high: number;
}

/** One group's outcome: a mean with its t interval, or a rate (0..1) with its Wilson interval. */
export interface ValueGroup {
  category: string;
  n: number;
  mean?: number | null;
  sd?: number | null;
  rate?: number | null;
  successes?: number;
  ci: Bounds | null;
}

/** A difference between two groups (a - b), on the outcome's scale (rates as fractions). */
export interface ValueDifference {
  a: string;
  b: string;
  difference: number | null;
  ci: Bounds | null;
  p: number | null;
  statistic: number | null;
  df: number | null;
  method: string;
}

/** The analysis of one outcome by loyalty group. */
export interface ValueByGroup {
  metric: ValueMetric;
  outcomeKind: 'numeric' | 'binary';
  level: number;
  /** Rows used (score in scale and outcome present). */
  n: number;
  categories: ValueGroup[];
  differences: ValueDifference[];
}

const bounds = (ci: { low: number; high: number } | null, scale = 1): Bounds | null =>
  ci ? { low: ci.low * scale, high: ci.high * scale } : null;

function difference(a: string, b: string, c: Comparison, scale: number): ValueDifference {
  return {
    a,
    b,
    difference: c.difference === null ? null : c.difference * scale,
    ci: bounds(c.ci, scale),
    p: c.p,
    statistic: c.statistic,
    df: c.df,
    method: c.method,
  };
}

/**
 * Outcome by loyalty group. `outcomes` holds numbers (NaN = missing); with `binary` they must be 0/1 and
 * each group gets a rate with a Wilson interval, otherwise a mean with a t interval. Differences:
 * top - bottom and middle - bottom, Welch t for means, pooled two-proportion z (Newcombe interval) for rates.
 */
export function analyseValue(
  metric: ValueMetric,
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  opts: { binary?: boolean; level?: number } = {},
): ValueByGroup {
  const level = opts.level ?? 0.95;
  const binary = opts.binary ?? false;
  if (scores.length !== outcomes.length)
    throw new RangeError('scores and outcomes must have the same length');
  const names = GROUPS[metric];
  const values = new Map<string, number[]>(names.map((g) => [g, []]));
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const g = groupOf(metric, scores[i] as number);
    const y = outcomes[i] as number;
    if (g === null || Number.isNaN(y)) continue;
    if (binary && y !== 0 && y !== 1) throw new RangeError(`outcome ${i + 1} is ${y}, not 0 or 1`);
    (values.get(g) as number[]).push(y);
    n++;
  }
  const [top, middle, bottom] = names;
  const categories: ValueGroup[] = [];
  const differences: ValueDifference[] = [];
  if (binary) {
    const counts = new Map(
      names.map((g) => {
        const v = values.get(g) as number[];
        return [g, { successes: v.reduce((s, x) => s + x, 0), n: v.length }];
      }),
    );
    for (const g of names) {
      const c = counts.get(g) as { successes: number; n: number };
      const s = summariseProportion(c, { level });
      categories.push({
        category: g,
        n: c.n,
        successes: c.successes,
        rate: s.estimate === null ? null : s.estimate / 100,
        ci: bounds(s.ci, 0.01),
      });
    }
    for (const a of [top, middle]) {
      const c = compareProportions(counts.get(a) as never, counts.get(bottom) as never, { level });
      differences.push(difference(a, bottom, c, 0.01));
    }
  } else {
    const moments = new Map(names.map((g) => [g, sumMoments(values.get(g) as number[])]));
    for (const g of names) {
      const s = summariseMean(moments.get(g) as never, { level });
      categories.push({ category: g, n: s.n, mean: s.mean, sd: s.sd, ci: bounds(s.ci) });
    }
    for (const a of [top, middle]) {
      const c = compareMeans(moments.get(a) as never, moments.get(bottom) as never, { level });
      differences.push(difference(a, bottom, c, 1));
    }
  }
  return { metric, outcomeKind: binary ? 'binary' : 'numeric', level, n, categories, differences };
}

/** Read outcome strings as 0/1 when every present value is 0/1, yes/no or true/false; null when not. */
export function readBinary(values: ReadonlyArray<string | null>): Float64Array | null {
  const yes = new Set(['1', 'yes', 'y', 'true', 't']);
  const no = new Set(['0', 'no', 'n', 'false', 'f']);
  const out = new Float64Array(values.length);
  let seen = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      out[i] = Number.NaN;
      continue;
    }
    const k = v.trim().toLowerCase();
    if (yes.has(k)) out[i] = 1;
    else if (no.has(k)) out[i] = 0;
    else return null;
    seen++;
  }
  // a numeric column holding only 0 and 1 is binary; one with other numbers was refused above
  return seen > 0 ? out : null;
}
