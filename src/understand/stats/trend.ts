// Linear trend of a score over an ordered grouping (a period index), from per-group sufficient statistics.
import { pStudentTwoSided, tCritical } from './distributions.js';
import { momentsFromSums } from './scores.js';
import type { ConfidenceInterval, MomentSums, NpsCounts } from './types.js';

/** Least-squares slope of the individual responses on x, with its t test and interval. */
export interface Trend {
  n: number;
  /** Change in the outcome per unit of x. */
  slope: number;
  se: number;
  t: number;
  df: number;
  p: number;
  ci: ConfidenceInterval;
}

/**
 * Ordinary least-squares slope of the individual values on their group's x (same as regressing the raw
 * rows, scipy `linregress`), computed from per-group n, sum and sum of squares. Null when fewer than
 * three responses, x does not vary, or the residual variance is zero.
 */
export function linearTrend(
  groups: ReadonlyArray<MomentSums & { x: number }>,
  opts: { level?: number } = {},
): Trend | null {
  const level = opts.level ?? 0.95;
  const g = groups
    .filter((s) => s.n > 0)
    .map((s) => ({ x: s.x, n: s.n, ...momentsFromSums(s) }))
    .map((s) => ({
      x: s.x,
      n: s.n,
      mean: s.mean as number,
      within: s.variance === null ? 0 : s.variance * (s.n - 1),
    }));
  const n = g.reduce((a, s) => a + s.n, 0);
  if (n < 3) return null;
  const xBar = g.reduce((a, s) => a + s.n * s.x, 0) / n;
  const yBar = g.reduce((a, s) => a + s.n * s.mean, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const s of g) {
    const dx = s.x - xBar;
    const dy = s.mean - yBar;
    sxx += s.n * dx * dx;
    sxy += s.n * dx * dy;
    syy += s.within + s.n * dy * dy;
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const rss = Math.max(0, syy - slope * sxy);
  const df = n - 2;
  const se = Math.sqrt(rss / df / sxx);
  if (!(se > 0)) return null;
  const t = slope / se;
  const h = tCritical(level, df) * se;
  return { n, slope, se, t, df, p: pStudentTwoSided(t, df), ci: { low: slope - h, high: slope + h, level } };
}

/** NPS as +1/0/-1 codes per group, in the sufficient-statistics form `linearTrend` takes (slope x 100 = points). */
export function npsMoments(c: NpsCounts): MomentSums {
  return {
    n: c.promoters + c.passives + c.detractors,
    sum: c.promoters - c.detractors,
    sumSquares: c.promoters + c.detractors,
  };
}
