// Two-sample comparisons (NPS z, pooled two-proportion z, Welch t) and Benjamini-Hochberg adjustment.
import { pNormalTwoSided, pStudentTwoSided, tCritical, zCritical } from './distributions.js';
import { momentsFromSums, type NpsIntervalMethod, npsInterval, proportionInterval } from './scores.js';
import type { ConfidenceInterval, MomentSums, NpsCounts, ProportionCounts } from './types.js';

/** Result of comparing a with b; every difference is a - b. Nulls where the test is undefined. */
export interface Comparison {
  /** Difference of the plain estimates, a - b, in the unit of the estimate (points, percent, mean). */
  difference: number | null;
  /** Standard error of the difference used by the test. */
  se: number | null;
  /** Test statistic (z or t). */
  statistic: number | null;
  /** Degrees of freedom for t tests; null for z tests. */
  df: number | null;
  /** Two-sided p-value. */
  p: number | null;
  /** ConfidenceInterval for the difference. */
  ci: ConfidenceInterval | null;
  method: string;
}

const EMPTY = (method: string): Comparison => ({
  difference: null,
  se: null,
  statistic: null,
  df: null,
  p: null,
  ci: null,
  method,
});

/**
 * Compare two independent NPS samples (a - b, points). z = (NPS_a - NPS_b) / sqrt(Var_a/n_a + Var_b/n_b)
 * using Wald or adjusted-Wald variances; with adjusted-Wald the statistic and interval use the adjusted
 * centres (MeasuringU), while `difference` stays the plain NPS difference.
 */
export function compareNps(
  a: NpsCounts,
  b: NpsCounts,
  opts: { method?: NpsIntervalMethod; level?: number } = {},
): Comparison {
  const method = opts.method ?? 'adjusted-wald';
  const level = opts.level ?? 0.95;
  const na = a.promoters + a.passives + a.detractors;
  const nb = b.promoters + b.passives + b.detractors;
  if (na === 0 || nb === 0) return EMPTY(method);
  const ea = npsInterval(a, method, level);
  const eb = npsInterval(b, method, level);
  if (!ea || !eb) return EMPTY(method);
  const se = Math.sqrt(ea.se * ea.se + eb.se * eb.se);
  const centre = ea.centre - eb.centre;
  const difference = 100 * ((a.promoters - a.detractors) / na - (b.promoters - b.detractors) / nb);
  if (se === 0) return { ...EMPTY(method), difference };
  const z = centre / se;
  const h = zCritical(level) * se;
  return {
    difference,
    se: 100 * se,
    statistic: z,
    df: null,
    p: pNormalTwoSided(z),
    ci: { low: 100 * (centre - h), high: 100 * (centre + h), level },
    method,
  };
}

/**
 * Compare two independent proportions (a - b, percent): pooled two-proportion z test (statsmodels
 * `proportions_ztest`) and Newcombe's hybrid-score interval from Wilson intervals
 * (statsmodels `confint_proportions_2indep(method='newcomb')`).
 */
export function compareProportions(
  a: ProportionCounts,
  b: ProportionCounts,
  opts: { level?: number } = {},
): Comparison {
  const level = opts.level ?? 0.95;
  const method = 'two-proportion-z';
  if (a.n === 0 || b.n === 0) return EMPTY(method);
  const pa = a.successes / a.n;
  const pb = b.successes / b.n;
  const difference = 100 * (pa - pb);
  const wa = proportionInterval(a, 'wilson', level);
  const wb = proportionInterval(b, 'wilson', level);
  const ci =
    wa && wb
      ? {
          low: 100 * (pa - pb - Math.sqrt((pa - wa.low) ** 2 + (wb.high - pb) ** 2)),
          high: 100 * (pa - pb + Math.sqrt((wa.high - pa) ** 2 + (pb - wb.low) ** 2)),
          level,
        }
      : null;
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  if (se === 0) return { ...EMPTY(method), difference, ci };
  const z = (pa - pb) / se;
  return { difference, se: 100 * se, statistic: z, df: null, p: pNormalTwoSided(z), ci, method };
}

/**
 * Welch's unequal-variance t test of two means from sufficient statistics (a - b), with the
 * Welch-Satterthwaite degrees of freedom and the matching interval (scipy `ttest_ind(equal_var=False)`).
 * Null statistic when either n < 2 or both variances are zero.
 */
export function compareMeans(a: MomentSums, b: MomentSums, opts: { level?: number } = {}): Comparison {
  const level = opts.level ?? 0.95;
  const method = 'welch-t';
  const ma = momentsFromSums(a);
  const mb = momentsFromSums(b);
  if (ma.mean === null || mb.mean === null) return EMPTY(method);
  const difference = ma.mean - mb.mean;
  if (ma.variance === null || mb.variance === null) return { ...EMPTY(method), difference };
  const va = ma.variance / a.n;
  const vb = mb.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { ...EMPTY(method), difference };
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = difference / se;
  const h = tCritical(level, df) * se;
  return {
    difference,
    se,
    statistic: t,
    df,
    p: pStudentTwoSided(t, df),
    ci: { low: difference - h, high: difference + h, level },
    method,
  };
}

/**
 * Benjamini-Hochberg adjusted p-values (step-up, monotone, capped at 1), in input order; equals
 * R `p.adjust(p, "BH")` and statsmodels `multipletests(method='fdr_bh')`. Null entries stay null and
 * do not count towards m.
 */
export function adjustBh(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const idx: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null && !Number.isNaN(p)) {
      if (p < 0 || p > 1) throw new RangeError(`p-value out of [0, 1] at index ${i}: ${p}`);
      idx.push(i);
    }
  });
  const m = idx.length;
  const out: Array<number | null> = pValues.map(() => null);
  idx.sort((i, j) => (pValues[j] as number) - (pValues[i] as number)); // descending p
  let running = 1;
  idx.forEach((i, k) => {
    const rank = m - k; // rank in ascending order, 1-based
    running = Math.min(running, ((pValues[i] as number) * m) / rank);
    out[i] = running;
  });
  return out;
}

/** Which hypotheses Benjamini-Hochberg rejects at false-discovery rate q (default 0.05). */
export function rejectBh(pValues: ReadonlyArray<number | null>, q = 0.05): boolean[] {
  return adjustBh(pValues).map((p) => p !== null && p <= q);
}
