// One-sample score summaries (NPS, proportions, means) with confidence intervals.
import { betaQuantile, tCritical, zCritical } from './distributions.js';
import type { ConfidenceInterval, MomentSums, NpsCounts, ProportionCounts, SummaryOptions } from './types.js';

const DEFAULT_LEVEL = 0.95;
const DEFAULT_MIN_N = 30;

/** NPS category shares, each 0..1. */
export interface NpsShares {
  promoters: number;
  passives: number;
  detractors: number;
}

/** NPS in points with its adjusted-Wald interval; null estimate when n = 0. */
export interface NpsSummary {
  n: number;
  /** Plain NPS = 100 (P - D) / n, in points; null when n = 0. */
  score: number | null;
  /** Adjusted-Wald standard error in points (the one the interval uses); null when n = 0. */
  se: number | null;
  /** Adjusted-Wald interval in points, centred on the adjusted estimate, clamped to [-100, 100]. */
  ci: ConfidenceInterval | null;
  shares: NpsShares | null;
  method: 'adjusted-wald';
  lowN: boolean;
}

/** A proportion in percent (0..100) with its Wilson interval. */
export interface ProportionSummary {
  n: number;
  successes: number;
  /** 100 x successes / n; null when n = 0. */
  estimate: number | null;
  /** Wald standard error of the estimate in percent; null when n = 0. */
  se: number | null;
  ci: ConfidenceInterval | null;
  method: 'wilson';
  lowN: boolean;
}

/** A mean with its t interval. */
export interface MeanSummary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1 denominator); null when n < 2. */
  sd: number | null;
  se: number | null;
  ci: ConfidenceInterval | null;
  method: 't';
  lowN: boolean;
}

/** Method names accepted by `npsInterval`. */
export type NpsIntervalMethod = 'wald' | 'adjusted-wald';

/** NPS point estimate, standard error and interval as fractions (-1..1) for a chosen method. */
export interface NpsEstimate {
  /** Centre of the interval: plain NPS for Wald, (P + 0.75 - D - 0.75) / (n + 3) for adjusted-Wald. */
  centre: number;
  se: number;
  ci: ConfidenceInterval;
}

/**
 * NPS interval on the -1..1 scale. Wald: Var = p + d - (p - d)^2 over n. Adjusted-Wald (MeasuringU):
 * n' = n + 3, p' = (P + 0.75) / n', d' = (D + 0.75) / n', Var' = p' + d' - (p' - d')^2 over n'.
 * Returns null when the method is undefined (Wald with n = 0). Not clamped.
 */
export function npsInterval(
  c: NpsCounts,
  method: NpsIntervalMethod = 'adjusted-wald',
  level = DEFAULT_LEVEL,
): NpsEstimate | null {
  checkCounts(c);
  const n = c.promoters + c.passives + c.detractors;
  const pseudo = method === 'adjusted-wald' ? 0.75 : 0;
  const nn = n + 4 * pseudo; // 0.75 promoters + 0.75 detractors + 1.5 passives = 3
  if (nn <= 0) return null;
  const p = (c.promoters + pseudo) / nn;
  const d = (c.detractors + pseudo) / nn;
  const centre = p - d;
  const variance = Math.max(0, p + d - centre * centre);
  const se = Math.sqrt(variance / nn);
  const z = zCritical(level);
  return { centre, se, ci: { low: centre - z * se, high: centre + z * se, level } };
}

/** Summarise NPS counts: plain score in points, adjusted-Wald SE and CI in points, shares, low-n flag. */
export function summariseNps(c: NpsCounts, opts: SummaryOptions = {}): NpsSummary {
  const level = opts.level ?? DEFAULT_LEVEL;
  const minN = opts.minN ?? DEFAULT_MIN_N;
  checkCounts(c);
  const n = c.promoters + c.passives + c.detractors;
  if (n === 0) {
    return { n, score: null, se: null, ci: null, shares: null, method: 'adjusted-wald', lowN: true };
  }
  const est = npsInterval(c, 'adjusted-wald', level);
  if (!est) throw new Error('unreachable: adjusted-Wald is defined for n >= 0');
  return {
    n,
    score: (100 * (c.promoters - c.detractors)) / n,
    se: 100 * est.se,
    ci: {
      low: Math.max(-100, 100 * est.ci.low),
      high: Math.min(100, 100 * est.ci.high),
      level,
    },
    shares: { promoters: c.promoters / n, passives: c.passives / n, detractors: c.detractors / n },
    method: 'adjusted-wald',
    lowN: n < minN,
  };
}

/** Method names accepted by `proportionInterval`. */
export type ProportionIntervalMethod = 'wilson' | 'agresti-coull' | 'wald' | 'clopper-pearson';

/**
 * ConfidenceInterval for a binomial proportion on the 0..1 scale, clipped to [0, 1] (statsmodels `proportion_confint`:
 * 'wald' is 'normal', 'clopper-pearson' is 'beta'). Null when n = 0.
 */
export function proportionInterval(
  s: ProportionCounts,
  method: ProportionIntervalMethod = 'wilson',
  level = DEFAULT_LEVEL,
): ConfidenceInterval | null {
  checkProportion(s);
  const { successes: x, n } = s;
  if (n === 0) return null;
  const z = zCritical(level);
  const p = x / n;
  switch (method) {
    case 'wald': {
      const h = z * Math.sqrt((p * (1 - p)) / n);
      return { low: Math.max(0, p - h), high: Math.min(1, p + h), level };
    }
    case 'wilson': {
      const z2 = z * z;
      const denom = 1 + z2 / n;
      const centre = (p + z2 / (2 * n)) / denom;
      const h = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
      return { low: Math.max(0, centre - h), high: Math.min(1, centre + h), level };
    }
    case 'agresti-coull': {
      const z2 = z * z;
      const nt = n + z2;
      const pt = (x + z2 / 2) / nt;
      const h = z * Math.sqrt((pt * (1 - pt)) / nt);
      return { low: Math.max(0, pt - h), high: Math.min(1, pt + h), level };
    }
    case 'clopper-pearson': {
      const alpha = 1 - level;
      const low = x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1);
      const high = x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x);
      return { low, high, level };
    }
  }
}

/** Summarise a proportion as a percentage (0..100) with its Wilson interval in percent. */
export function summariseProportion(s: ProportionCounts, opts: SummaryOptions = {}): ProportionSummary {
  const level = opts.level ?? DEFAULT_LEVEL;
  const minN = opts.minN ?? DEFAULT_MIN_N;
  checkProportion(s);
  const { successes, n } = s;
  const ci = proportionInterval(s, 'wilson', level);
  if (n === 0 || !ci) {
    return { n, successes, estimate: null, se: null, ci: null, method: 'wilson', lowN: true };
  }
  const p = successes / n;
  return {
    n,
    successes,
    estimate: 100 * p,
    se: 100 * Math.sqrt((p * (1 - p)) / n),
    ci: { low: 100 * ci.low, high: 100 * ci.high, level },
    method: 'wilson',
    lowN: n < minN,
  };
}

/** Mean and unbiased variance from sufficient statistics; variance null when n < 2. */
export function momentsFromSums(s: MomentSums): { mean: number | null; variance: number | null } {
  if (s.n < 0 || !Number.isFinite(s.sum) || !Number.isFinite(s.sumSquares)) {
    throw new RangeError('moment sums must be finite with n >= 0');
  }
  if (s.n === 0) return { mean: null, variance: null };
  const shifted = s.sum / s.n;
  const mean = (s.shift ?? 0) + shifted;
  if (s.n < 2) return { mean, variance: null };
  // Corrected sum of squares sumSquares - sum^2 / n, written as sumSquares - mean * sum. Raw sums lose
  // about log10(mean^2 / variance) digits, which is why `shift` exists; rounding can leave a few ulps of
  // spread in constant data, so a residue below 1e-13 of the sum of squares counts as zero.
  let ss = s.sumSquares - shifted * s.sum;
  if (ss <= 1e-13 * Math.abs(s.sumSquares)) ss = 0;
  return { mean, variance: ss / (s.n - 1) };
}

/** Sufficient statistics of a list of numbers (skipping NaN), shifted by the first value for accuracy. */
export function sumMoments(values: Iterable<number> | ArrayLike<number>): MomentSums {
  let n = 0;
  let sum = 0;
  let sumSquares = 0;
  let shift = Number.NaN;
  // An indexed loop over arrays and typed arrays: several times faster than the iterator on 200,000 values.
  const list = 'length' in values ? values : Array.from(values);
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number;
    if (Number.isNaN(v)) continue;
    if (n === 0) shift = v;
    const d = v - shift;
    n += 1;
    sum += d;
    sumSquares += d * d;
  }
  return n === 0 ? { n, sum, sumSquares } : { n, sum, sumSquares, shift };
}

/** Summarise a mean with its t interval from n, sum and sum of squares; n = 1 gives the mean without CI. */
export function summariseMean(s: MomentSums, opts: SummaryOptions = {}): MeanSummary {
  const level = opts.level ?? DEFAULT_LEVEL;
  const minN = opts.minN ?? DEFAULT_MIN_N;
  const { mean, variance } = momentsFromSums(s);
  if (mean === null) return { n: s.n, mean: null, sd: null, se: null, ci: null, method: 't', lowN: true };
  if (variance === null) return { n: s.n, mean, sd: null, se: null, ci: null, method: 't', lowN: s.n < minN };
  const sd = Math.sqrt(variance);
  const se = sd / Math.sqrt(s.n);
  const h = tCritical(level, s.n - 1) * se;
  return {
    n: s.n,
    mean,
    sd,
    se,
    ci: { low: mean - h, high: mean + h, level },
    method: 't',
    lowN: s.n < minN,
  };
}

function checkCounts(c: NpsCounts): void {
  for (const v of [c.promoters, c.passives, c.detractors]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError('NPS counts must be non-negative integers');
  }
}

function checkProportion(s: ProportionCounts): void {
  if (!Number.isInteger(s.n) || !Number.isInteger(s.successes) || s.successes < 0 || s.successes > s.n) {
    throw new RangeError('a proportion needs integers with 0 <= successes <= n');
  }
}
