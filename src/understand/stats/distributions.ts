// Normal, Student t and Beta quantiles and CDFs, from stdlib's typed distribution packages.
import betaQuantileFn from '@stdlib/stats-base-dists-beta-quantile';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Two-sided critical value of the standard normal for a confidence level (0.95 -> 1.959964). */
export function zCritical(level: number): number {
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}

/** Two-sided critical value of Student's t with df degrees of freedom for a confidence level. */
export function tCritical(level: number, df: number): number {
  return tQuantile(1 - (1 - level) / 2, df);
}

/** Two-sided p-value of a standard-normal statistic. */
export function pNormalTwoSided(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Two-sided p-value of a Student t statistic with df degrees of freedom. */
export function pStudentTwoSided(t: number, df: number): number {
  // cdf(-|t|) avoids the cancellation in 1 - cdf(|t|) for large statistics.
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Quantile of the Beta(a, b) distribution (used by the Clopper-Pearson interval). */
export function betaQuantile(p: number, a: number, b: number): number {
  return betaQuantileFn(p, a, b);
}
