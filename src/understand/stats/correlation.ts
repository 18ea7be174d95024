// Pearson correlation across a few groups (e.g. teams: employee eNPS beside customer NPS) with the
// Fisher z interval and the t-test p-value, as scipy.stats.pearsonr gives them. Pure.
import { pStudentTwoSided, zCritical } from './distributions.js';

/** A correlation with its interval; r and ci are null when they cannot be computed. */
export interface Correlation {
  n: number;
  r: number | null;
  /** Fisher z interval: tanh(atanh(r) ± z_{1-α/2} / sqrt(n - 3)); null below 4 pairs. */
  ci: { low: number; high: number; level: number } | null;
  /** Two-sided p of H0: ρ = 0, from t = r·sqrt((n-2)/(1-r²)) with n - 2 degrees of freedom. */
  p: number | null;
}

/**
 * Pearson's r of paired values with its Fisher z confidence interval (Fisher 1921; scipy's
 * `pearsonr(x, y).confidence_interval()`) and p-value. Needs 3 pairs for r and p, 4 for the interval;
 * null r when either variable is constant.
 */
export function pearsonCorrelation(
  x: readonly number[],
  y: readonly number[],
  opts: { level?: number } = {},
): Correlation {
  if (x.length !== y.length) throw new RangeError('x and y must have the same length');
  const level = opts.level ?? 0.95;
  const n = x.length;
  if (n < 3) return { n, r: null, ci: null, p: null };
  const mx = x.reduce((a, v) => a + v, 0) / n;
  const my = y.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { n, r: null, ci: null, p: null };
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  const p = Math.abs(r) === 1 ? 0 : pStudentTwoSided(r * Math.sqrt((n - 2) / (1 - r * r)), n - 2);
  if (n < 4) return { n, r, ci: null, p };
  if (Math.abs(r) === 1) return { n, r, ci: { low: r, high: r, level }, p };
  const z = Math.atanh(r);
  const half = zCritical(level) / Math.sqrt(n - 3);
  return { n, r, ci: { low: Math.tanh(z - half), high: Math.tanh(z + half), level }, p };
}
