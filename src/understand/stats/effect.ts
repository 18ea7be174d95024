// Initiative effects: difference-in-differences with period fixed effects and HC1 standard errors, an
// interrupted time series when no control exists, power (minimum detectable effect, n still needed) and
// the verdict. Everything works from per-cell sufficient statistics, so SQL, CSV and tests feed the same
// functions. Formulas and references: ../shared/docs/METHODS.md §12 and docs/initiatives.md.

import { type Cell, cellMoments, cellOls, invert, multiply } from './cell-ols.js';
import { pNormalTwoSided, pStudentTwoSided, tCritical, zCritical } from './distributions.js';
import type { ConfidenceInterval, MomentSums, NpsCounts } from './types.js';

/**
 * Sufficient statistics of one group in one period. `period` is an integer index counted from the
 * start of the initiative: period 0 is the first period that begins at the start, so `period >= 0`
 * means "after". Several cells with the same (treated, period) are merged.
 */
export interface EffectCell extends MomentSums {
  treated: boolean;
  period: number;
}

/** How a DiD treats the outcome: plain values, or NPS codes (+100/0/-100) with adjusted-Wald pseudo-respondents. */
export type EffectOutcome = 'mean' | 'nps';

/** Verdict of an initiative's effect. */
export type EffectVerdict = 'win' | 'worse' | 'no_detectable_change' | 'too_early';

/** An estimate with its standard error, interval and two-sided p-value. */
export interface EffectEstimate {
  estimate: number;
  se: number;
  ci: ConfidenceInterval;
  p: number;
}

/** Difference-in-differences result. */
export interface DidResult extends EffectEstimate {
  method: 'did';
  /** Total respondents (pseudo-respondents excluded) in the treated/control x before/after quadrants. */
  n: { treatedBefore: number; treatedAfter: number; controlBefore: number; controlAfter: number };
  /** Columns of the regression after dropping collinear ones (intercept, treated, did, period:k). */
  columns: string[];
  /** Residual standard deviation of one response (the sigma the power calculation uses). */
  residualSd: number;
  /**
   * Parallel-trends check on the before periods: difference of the linear slopes per period, treated
   * minus control, with its HC1 p-value; null when fewer than three before periods have both groups.
   */
  preTrend: { slopeDifference: number; se: number; p: number } | null;
  /** Adjusted-Wald centre of the interval (NPS only; equals `estimate` for means). */
  centre: number;
}

/** Interrupted time series result: level change at the start, with the slope change beside it. */
export interface ItsResult extends EffectEstimate {
  method: 'its';
  /** Change of slope per period after the start, with its interval. */
  slopeChange: EffectEstimate;
  /** Slope per period before the start. */
  preSlope: number;
  periodsBefore: number;
  periodsAfter: number;
  maxLags: number;
  df: number;
  /** Plain-language cautions: weaker evidence than a control group, too few periods. */
  warnings: string[];
}

const Z80 = 0.8416212335729143; // standard normal quantile at 0.8 (power 80%)

/** (z_{1-alpha/2} + z_{power}) at alpha 0.05, power 0.8: 2.8016. */
export const MDE_FACTOR = zCritical(0.95) + Z80;

/** NPS counts as sufficient statistics of per-respondent codes in points: promoter +100, passive 0, detractor -100. */
export function npsPointMoments(c: NpsCounts): MomentSums {
  return {
    n: c.promoters + c.passives + c.detractors,
    sum: 100 * (c.promoters - c.detractors),
    sumSquares: 10_000 * (c.promoters + c.detractors),
  };
}

/** Sums of two samples together, re-centred on the first one's shift. */
export function addMoments(a: MomentSums, b: MomentSums): MomentSums {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const shift = a.shift ?? 0;
  const d = (b.shift ?? 0) - shift;
  return {
    n: a.n + b.n,
    sum: a.sum + b.sum + b.n * d,
    sumSquares: a.sumSquares + b.sumSquares + 2 * d * b.sum + b.n * d * d,
    ...(a.shift !== undefined ? { shift } : {}),
  };
}

/** Merge cells with the same (treated, period) and drop empty ones. */
function mergeCells(cells: ReadonlyArray<EffectCell>): EffectCell[] {
  const byKey = new Map<string, EffectCell>();
  for (const c of cells) {
    if (!Number.isInteger(c.period)) throw new RangeError('effect cells need integer periods');
    if (!(c.n >= 0) || !Number.isFinite(c.sum) || !Number.isFinite(c.sumSquares)) {
      throw new RangeError('effect cells need finite sums with n >= 0');
    }
    if (c.n === 0) continue;
    const key = `${c.treated ? 1 : 0}:${c.period}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...c });
      continue;
    }
    byKey.set(key, { treated: c.treated, period: c.period, ...addMoments(prev, c) });
  }
  return [...byKey.values()].sort((a, b) => Number(a.treated) - Number(b.treated) || a.period - b.period);
}

/** Quadrant key of a cell: treated/control x before/after. */
const quadrant = (c: EffectCell) =>
  `${c.treated ? 'treated' : 'control'}${c.period >= 0 ? 'After' : 'Before'}`;

/**
 * Add MeasuringU's adjusted-Wald pseudo-respondents to NPS cells: 0.75 promoters, 1.5 passives and
 * 0.75 detractors (3 respondents scoring 0 on average, sum of squares 1.5 x 100^2) per quadrant
 * (treated/control x before/after), spread over the quadrant's periods in proportion to their n. With one
 * period on each side this gives each quadrant exactly the adjusted-Wald centre and variance of §1.
 */
function withPseudoRespondents(cells: EffectCell[]): EffectCell[] {
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(quadrant(c), (totals.get(quadrant(c)) ?? 0) + c.n);
  return cells.map((c) => {
    if (c.shift !== undefined && c.shift !== 0) throw new RangeError('NPS cells must not be shifted');
    const share = c.n / (totals.get(quadrant(c)) as number);
    return { ...c, n: c.n + 3 * share, sumSquares: c.sumSquares + 15_000 * share };
  });
}

function designCells(
  cells: EffectCell[],
  periods: number[],
  withTrend = false,
): { cells: Cell[]; names: string[] } {
  const ref = periods[0];
  const dummies = periods.filter((p) => p !== ref);
  const names = [
    'intercept',
    'treated',
    withTrend ? 'treated x period' : 'did',
    ...dummies.map((p) => `period:${p}`),
  ];
  const design = cells.map((c) => {
    const t = c.treated ? 1 : 0;
    const x = [
      1,
      t,
      withTrend ? t * c.period : t * (c.period >= 0 ? 1 : 0),
      ...dummies.map((p) => (c.period === p ? 1 : 0)),
    ];
    return { x, n: c.n, ...cellMoments(c) };
  });
  return { cells: design, names };
}

/**
 * Difference-in-differences with period fixed effects and HC1 standard errors:
 * y_i = a + b treated_i + sum_p g_p period_p(i) + d (treated_i x after_i) + e_i, fitted on individual
 * responses (here from per-cell sums, which give the same fit). Periods are counted from the start, so no
 * period straddles it and the period effects absorb the common before/after change. The interval and p use the normal distribution (statsmodels `OLS.fit(cov_type='HC1')`).
 *
 * NPS (`outcome: 'nps'`, cells of +100/0/-100 codes, see `npsPointMoments`): `estimate` is the plain
 * DiD of the codes; the standard error, interval and p come from the same regression with adjusted-Wald
 * pseudo-respondents added per quadrant (see `withPseudoRespondents`), centred on its estimate, as
 * `compareNps` does for two samples.
 *
 * Null when the DiD is not identified: a quadrant is empty or the design leaves no residual degrees of freedom.
 */
export function estimateDid(
  input: ReadonlyArray<EffectCell>,
  opts: { outcome?: EffectOutcome; level?: number } = {},
): DidResult | null {
  const level = opts.level ?? 0.95;
  const outcome = opts.outcome ?? 'mean';
  const cells = mergeCells(input);
  const n = { treatedBefore: 0, treatedAfter: 0, controlBefore: 0, controlAfter: 0 };
  for (const c of cells) n[quadrant(c) as keyof typeof n] += c.n;
  if (Object.values(n).some((v) => v === 0)) return null;
  const periods = [...new Set(cells.map((c) => c.period))].sort((a, b) => a - b);
  const plain = designCells(cells, periods);
  const plainFit = cellOls(plain.cells, plain.names, new Set(['did']));
  if (!plainFit) return null;
  const inferenceFit =
    outcome === 'nps'
      ? (() => {
          const d = designCells(withPseudoRespondents(cells), periods);
          return cellOls(d.cells, d.names, new Set(['did']));
        })()
      : plainFit;
  if (!inferenceFit) return null;
  const j = plainFit.columns.indexOf('did');
  const ji = inferenceFit.columns.indexOf('did');
  const estimate = plainFit.beta[j] as number;
  const centre = inferenceFit.beta[ji] as number;
  const se = Math.sqrt((inferenceFit.cov[ji] as number[])[ji] as number);
  const h = zCritical(level) * se;
  const z = se > 0 ? centre / se : Number.NaN;
  const k = plainFit.columns.length;
  return {
    method: 'did',
    estimate,
    centre,
    se,
    ci: { low: centre - h, high: centre + h, level },
    p: se > 0 ? pNormalTwoSided(z) : centre === 0 ? 1 : 0,
    n,
    columns: plainFit.columns,
    residualSd: Math.sqrt(plainFit.rss / (plainFit.nTotal - k)),
    preTrend: preTrend(cells.filter((c) => c.period < 0)),
  };
}

/** Slope difference per period between treated and control before the start (HC1), with period effects. */
function preTrend(before: EffectCell[]): DidResult['preTrend'] {
  const both = [...new Set(before.map((c) => c.period))].filter(
    (p) =>
      before.some((c) => c.period === p && c.treated) && before.some((c) => c.period === p && !c.treated),
  );
  if (both.length < 3) return null;
  const cells = before.filter((c) => both.includes(c.period));
  const periods = both.sort((a, b) => a - b);
  const d = designCells(cells, periods, true);
  const fit = cellOls(d.cells, d.names, new Set(['treated x period']));
  if (!fit) return null;
  const j = fit.columns.indexOf('treated x period');
  const se = Math.sqrt((fit.cov[j] as number[])[j] as number);
  if (!(se > 0)) return null;
  const slopeDifference = fit.beta[j] as number;
  return { slopeDifference, se, p: pNormalTwoSided(slopeDifference / se) };
}

/** Newey-West lag rule of thumb floor(4 (T/100)^(2/9)), at least 1. */
export function neweyWestLags(periods: number): number {
  return Math.max(1, Math.floor(4 * (periods / 100) ** (2 / 9)));
}

/**
 * Interrupted time series (segmented regression) on period means of the treated series:
 * y_t = b0 + b1 t + b2 after_t + b3 t after_t + e_t, with t the period index counted from the start (so
 * b2 is the level change at the start and b3 the change of slope). Newey-West (Bartlett) HAC standard
 * errors with `maxLags` lags and the T / (T - 4) small-sample correction, t intervals with T - 4 degrees
 * of freedom (statsmodels `OLS.fit(cov_type='HAC', cov_kwds={'maxlags': L, 'use_correction': True},
 * use_t=True)`). Each period counts once whatever its n. Null with fewer than two periods on a side or
 * fewer than six in all.
 */
export function estimateIts(
  series: ReadonlyArray<{ period: number; mean: number }>,
  opts: { level?: number; maxLags?: number } = {},
): ItsResult | null {
  const level = opts.level ?? 0.95;
  const pts = [...series].filter((s) => Number.isFinite(s.mean)).sort((a, b) => a.period - b.period);
  const before = pts.filter((s) => s.period < 0).length;
  const after = pts.length - before;
  if (before < 2 || after < 2 || pts.length < 6) return null;
  const T = pts.length;
  const lags = opts.maxLags ?? neweyWestLags(T);
  const X = pts.map((s) => {
    const a = s.period >= 0 ? 1 : 0;
    return [1, s.period, a, s.period * a];
  });
  const y = pts.map((s) => s.mean);
  const k = 4;
  const xtx: number[][] = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => X.reduce((s, x) => s + (x[a] as number) * (x[b] as number), 0)),
  );
  const inv = invert(xtx);
  if (!inv) return null;
  const xty = Array.from({ length: k }, (_, a) =>
    X.reduce((s, x, i) => s + (x[a] as number) * (y[i] as number), 0),
  );
  const beta = inv.map((row) => row.reduce((a, v, b) => a + v * (xty[b] as number), 0));
  const e = X.map((x, i) => (y[i] as number) - x.reduce((a, v, b) => a + v * (beta[b] as number), 0));
  // S = sum_t u_t u_t' + sum_l w_l sum_t (u_t u_{t-l}' + u_{t-l} u_t'), u_t = x_t e_t, w_l = 1 - l/(L+1).
  const u = X.map((x, i) => x.map((v) => v * (e[i] as number)));
  const S: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let l = 0; l <= Math.min(lags, T - 1); l++) {
    const w = l === 0 ? 1 : 1 - l / (lags + 1);
    for (let t = l; t < T; t++) {
      const ut = u[t] as number[];
      const us = u[t - l] as number[];
      for (let a = 0; a < k; a++) {
        const row = S[a] as number[];
        for (let b = 0; b < k; b++) {
          const v = (ut[a] as number) * (us[b] as number);
          row[b] = (row[b] as number) + (l === 0 ? v : w * (v + (us[a] as number) * (ut[b] as number)));
        }
      }
    }
  }
  const cov = multiply(multiply(inv, S), inv).map((row) => row.map((v) => (v * T) / (T - k)));
  const df = T - k;
  const est = (j: number): EffectEstimate => {
    const b = beta[j] as number;
    const se = Math.sqrt(Math.max(0, (cov[j] as number[])[j] as number));
    const h = tCritical(level, df) * se;
    return {
      estimate: b,
      se,
      ci: { low: b - h, high: b + h, level },
      p: se > 0 ? pStudentTwoSided(b / se, df) : 1,
    };
  };
  const warnings = [
    'No control group: an interrupted time series assumes the pre-start trend would have continued; anything else that changed at the same time is read as the initiative (weaker evidence than a difference-in-differences).',
  ];
  if (before < 8 || after < 8) {
    warnings.push(
      `Only ${before} periods before and ${after} after the start; at least 8 on each side are recommended.`,
    );
  }
  return {
    method: 'its',
    ...est(2),
    slopeChange: est(3),
    preSlope: beta[1] as number,
    periodsBefore: before,
    periodsAfter: after,
    maxLags: lags,
    df,
    warnings,
  };
}

/** Power of a DiD: minimum detectable effect now and the responses still needed to detect `target`. */
export interface EffectPower {
  /** Smallest true effect detected 80% of the time at alpha 0.05: 2.80 x SE; null without data after the start. */
  minimumDetectableEffect: number | null;
  /** The effect size the verdict is sized for (the smallest effect worth detecting). */
  target: number;
  /** More responses after the start (treated and control together, in the current split) to bring the MDE to `target`; 0 when reached; null when out of reach from after-start data alone. */
  nNeeded: number | null;
}

/**
 * Power of a DiD: MDE = (z_0.975 + z_0.8) SE. The responses still needed use
 * Var(d) ~ k s^2 (1/n_Tb + 1/n_Cb + 1/n_Ta + 1/n_Ca), with s the residual SD and k the ratio of the
 * current variance to that formula (1 when nothing has arrived after the start yet), solved for the
 * extra after-start responses m split as now (or as before the start) between treated and control.
 */
export function didPower(
  counts: DidResult['n'],
  sd: number,
  target: number,
  current: { se: number } | null,
): EffectPower {
  if (!(target > 0) || !(sd > 0)) {
    return { minimumDetectableEffect: current ? MDE_FACTOR * current.se : null, target, nNeeded: null };
  }
  const { treatedBefore: tb, controlBefore: cb, treatedAfter: ta, controlAfter: ca } = counts;
  const harmonic = (a: number, c: number) => 1 / tb + 1 / cb + 1 / a + 1 / c;
  const kappa = current && ta > 0 && ca > 0 ? current.se ** 2 / (sd * sd * harmonic(ta, ca)) : 1;
  const mde = current && ta > 0 && ca > 0 ? MDE_FACTOR * current.se : null;
  if (!(tb > 0) || !(cb > 0)) return { minimumDetectableEffect: mde, target, nNeeded: null };
  const seTarget = target / MDE_FACTOR;
  const room = seTarget ** 2 / (kappa * sd * sd) - 1 / tb - 1 / cb;
  if (!(room > 0)) return { minimumDetectableEffect: mde, target, nNeeded: null };
  const share = ta + ca > 0 ? ta / (ta + ca) : tb / (tb + cb);
  const afterTerm = (m: number) => 1 / (ta + share * m) + 1 / (ca + (1 - share) * m);
  if (ta > 0 && ca > 0 && afterTerm(0) <= room) return { minimumDetectableEffect: mde, target, nNeeded: 0 };
  let lo = 0;
  let hi = 1;
  while (afterTerm(hi) > room) {
    hi *= 2;
    if (hi > 1e12) return { minimumDetectableEffect: mde, target, nNeeded: null };
  }
  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (afterTerm(mid) > room) lo = mid;
    else hi = mid;
  }
  return { minimumDetectableEffect: mde, target, nNeeded: Math.ceil(hi) };
}

/**
 * Verdict from an interval: `too_early` while the effect is not identified or the data after the start
 * are too thin (`enoughData` false); then `win` when the interval lies wholly on the good side of 0,
 * `worse` when wholly on the bad side, else `no_detectable_change`. Never a win from a point estimate.
 */
export function effectVerdict(
  effect: { ci: ConfidenceInterval } | null,
  opts: { enoughData?: boolean; higherIsBetter?: boolean } = {},
): EffectVerdict {
  if (!effect || opts.enoughData === false) return 'too_early';
  const good = opts.higherIsBetter ?? true;
  const { low, high } = effect.ci;
  if (low > 0) return good ? 'win' : 'worse';
  if (high < 0) return good ? 'worse' : 'win';
  return 'no_detectable_change';
}
