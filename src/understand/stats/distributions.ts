// Normal and Student t quantiles and CDFs, wrapping jstat behind a small typed surface.
import { createRequire } from 'node:module';

// jstat ships no type declarations; we type only the four functions we use instead of
// declaring the whole module globally.
interface JStatSubset {
  jStat: {
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
    };
    studentt: { inv(p: number, df: number): number; cdf(x: number, df: number): number };
    beta: { inv(p: number, a: number, b: number): number };
  };
}
const { jStat } = createRequire(import.meta.url)('jstat') as JStatSubset;

/** Two-sided critical value of the standard normal for a confidence level (0.95 -> 1.959964). */
export function zCritical(level: number): number {
  return jStat.normal.inv(1 - (1 - level) / 2, 0, 1);
}

/** Two-sided critical value of Student's t with df degrees of freedom for a confidence level. */
export function tCritical(level: number, df: number): number {
  return jStat.studentt.inv(1 - (1 - level) / 2, df);
}

/** Two-sided p-value of a standard-normal statistic. */
export function pNormalTwoSided(z: number): number {
  return Math.min(1, 2 * jStat.normal.cdf(-Math.abs(z), 0, 1));
}

/** Two-sided p-value of a Student t statistic with df degrees of freedom. */
export function pStudentTwoSided(t: number, df: number): number {
  // cdf(-|t|) avoids the cancellation in 1 - cdf(|t|) for large statistics.
  return Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}

/** Quantile of the Beta(a, b) distribution (used by the Clopper-Pearson interval). */
export function betaQuantile(p: number, a: number, b: number): number {
  return jStat.beta.inv(p, a, b);
}
