// Key-driver analysis: exact Shapley/LMG over all subsets and Johnson's relative weights, from the
// correlation matrix of one pass over the rows (`moments.ts`).
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { type CorrelationMoments, correlationMoments, type MissingPolicy } from './moments.js';

export {
  type CorrelationMoments,
  correlationMoments,
  type MissingPolicy,
  momentsFromPairSums,
} from './moments.js';

/** Largest number of drivers for exact Shapley by default: 2^20 subsets (8 MB of R² values, well under 1 s). */
export const MAX_EXACT_DRIVERS = 20;

/** Below this squared residual (correlation scale) a driver adds nothing new to a subset: it is dropped. */
const COLLINEAR_TOLERANCE = 1e-10;

/**
 * R² of the outcome on every subset of the p drivers, from a (p+1)x(p+1) correlation matrix with the
 * outcome last (row-major). Subsets are visited depth-first in index order carrying the sweep of the
 * parent: the covariance of the drivers not yet decided (and the outcome) given the subset. Adding
 * driver j is one pivot of the sweep operator on that conditional matrix, over the later drivers only,
 * so R²(S + j) = R²(S) + c_jy² / c_jj and a node whose last driver is j costs O((p - j)²): about
 * 6·2^p updates in all, where extending a Cholesky factor row by row costs O(|S|²) per subset.
 * A driver whose residual variance given the subset (c_jj) is below 1e-10 lies in the subset's span:
 * it is dropped from that subset, which is what a pseudo-inverse would do (R² is unchanged).
 * Index the result by bitmask: bit j set means driver j is in the subset.
 */
export function allSubsetsR2(correlation: ArrayLike<number>, p: number): Float64Array {
  const m = p + 1;
  if (correlation.length !== m * m)
    throw new RangeError('correlation must be (p+1)x(p+1) with the outcome last');
  if (p > 30) throw new RangeError('too many drivers for exact subsets');
  const r2 = new Float64Array(2 ** p);
  // One conditional matrix per depth; level 0 is the correlation matrix itself.
  const levels: Float64Array[] = [Float64Array.from(correlation)];
  for (let d = 1; d <= p; d++) levels.push(new Float64Array(m * m));
  const visit = (c: Float64Array, depth: number, start: number, mask: number, r2Parent: number): void => {
    for (let j = start; j < p; j++) {
      const next = mask | (1 << j);
      const cjj = c[j * m + j] as number;
      if (!(cjj > COLLINEAR_TOLERANCE)) {
        r2[next] = r2Parent;
        visit(c, depth, j + 1, next, r2Parent);
        continue;
      }
      const cjy = c[j * m + p] as number;
      const value = r2Parent + (cjy * cjy) / cjj;
      r2[next] = value;
      if (j + 1 >= p) continue;
      // Sweep on j, over the later drivers and the outcome: C' = C - c_.j c_j. / c_jj.
      // Only the upper triangle is kept (the matrices are symmetric): row j holds column j's entries.
      const rj = j * m;
      if (j + 2 === p) {
        // One driver left after j: the child's two entries it reads and its one subset, without a call
        // (a quarter of all nodes; the same operations as the call would do).
        const f = (c[rj + j + 1] as number) / cjj;
        const ra = (j + 1) * m;
        const dd = (c[ra + j + 1] as number) - f * (c[rj + j + 1] as number);
        const dy = (c[ra + p] as number) - f * (c[rj + p] as number);
        r2[next | (1 << (j + 1))] = dd > COLLINEAR_TOLERANCE ? value + (dy * dy) / dd : value;
        continue;
      }
      const child = levels[depth + 1] as Float64Array;
      for (let a = j + 1; a <= p; a++) {
        const f = (c[rj + a] as number) / cjj;
        const ra = a * m;
        for (let b = a; b <= p; b++) child[ra + b] = (c[ra + b] as number) - f * (c[rj + b] as number);
      }
      visit(child, depth + 1, j + 1, next, value);
    }
  };
  visit(levels[0] as Float64Array, 0, 0, 0, 0);
  return r2;
}

/**
 * Exact Shapley values (LMG) of R² from subset R² values: for each driver j,
 * sum over S not containing j of |S|!(p-|S|-1)!/p! [R²(S+j) - R²(S)]. They sum to R² of the full model.
 */
export function shapleyFromSubsets(r2: Float64Array, p: number): number[] {
  const weight = new Float64Array(p);
  if (p > 0) weight[0] = 1 / p;
  for (let s = 1; s < p; s++) weight[s] = ((weight[s - 1] as number) * s) / (p - s);
  const total = r2.length;
  const size = new Uint8Array(total);
  for (let mask = 1; mask < total; mask++) size[mask] = (size[mask >> 1] as number) + (mask & 1);
  const lmg = new Float64Array(p);
  // One pass over the subsets in increasing order, each adding to the drivers it lacks: every driver's
  // sum still runs over its subsets in increasing order (the order of the sum is part of the result),
  // with the subset's weight and R² read once instead of once per driver.
  const all = total - 1;
  for (let mask = 0; mask < all; mask++) {
    const w = weight[size[mask] as number] as number;
    const base = r2[mask] as number;
    let free = ~mask & all;
    while (free !== 0) {
      const bit = free & -free;
      free ^= bit;
      const j = 31 - Math.clz32(bit);
      lmg[j] = (lmg[j] as number) + w * ((r2[mask | bit] as number) - base);
    }
  }
  return Array.from(lmg);
}

/** Exact Shapley/LMG decomposition of R² from a (p+1)x(p+1) correlation matrix, outcome last. */
export function shapleyFromCorrelation(
  correlation: ArrayLike<number>,
  p: number,
): { r2: number; lmg: number[] } {
  const subsets = allSubsetsR2(correlation, p);
  return { r2: subsets[subsets.length - 1] ?? 0, lmg: shapleyFromSubsets(subsets, p) };
}

/** Johnson's relative weights and the standardized coefficients, from one eigendecomposition. */
export interface RelativeWeights {
  r2: number;
  weights: number[];
  /** Full-model standardized regression coefficients (minimum-norm when drivers are collinear). */
  coefficients: number[];
}

/**
 * Johnson's relative weights from a (p+1)x(p+1) correlation matrix, outcome last: Rxx = V L V',
 * Lambda = V L^1/2 V', beta = Lambda^+ r_xy, RW_j = sum_k Lambda_jk^2 beta_k^2. Eigenvalues below 1e-10 of
 * the largest are treated as zero (pseudo-inverse), so collinear drivers share their weight; weights sum to R².
 */
export function relativeWeightsFromCorrelation(correlation: ArrayLike<number>, p: number): RelativeWeights {
  const m = p + 1;
  if (correlation.length !== m * m)
    throw new RangeError('correlation must be (p+1)x(p+1) with the outcome last');
  if (p === 0) return { r2: 0, weights: [], coefficients: [] };
  const rxx = new Matrix(p, p);
  const rxy: number[] = [];
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) rxx.set(i, j, correlation[i * m + j] as number);
    rxy.push(correlation[i * m + p] as number);
  }
  const eig = new EigenvalueDecomposition(rxx, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const top = Math.max(...values);
  const keep = values.map((v) => v > 1e-10 * top);
  const half = new Matrix(p, p);
  const halfInv = new Matrix(p, p);
  const inv = new Matrix(p, p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let h = 0;
      let hi = 0;
      let ii = 0;
      for (let e = 0; e < p; e++) {
        if (!keep[e]) continue;
        const lam = values[e] as number;
        const vv = vectors.get(i, e) * vectors.get(j, e);
        h += vv * Math.sqrt(lam);
        hi += vv / Math.sqrt(lam);
        ii += vv / lam;
      }
      half.set(i, j, h);
      halfInv.set(i, j, hi);
      inv.set(i, j, ii);
    }
  }
  const beta = rxy.map((_, i) => rxy.reduce((acc, r, j) => acc + halfInv.get(i, j) * r, 0));
  const coefficients = rxy.map((_, i) => rxy.reduce((acc, r, j) => acc + inv.get(i, j) * r, 0));
  const weights = rxy.map((_, j) => beta.reduce((acc, b, k) => acc + half.get(j, k) ** 2 * b * b, 0));
  const r2 = coefficients.reduce((acc, b, i) => acc + b * (rxy[i] as number), 0);
  return { r2, weights, coefficients };
}

/** One driver column: its name and values (NaN = missing). */
export interface DriverColumn {
  name: string;
  values: ArrayLike<number>;
}

/** Options of `analyseDrivers`. */
export interface DriverOptions {
  /** Driver codes that mean "not applicable" and become missing, e.g. [0] on a 1-5 scale with 0 = N/A. */
  notApplicable?: number[];
  /** Missing-value policy, default listwise. */
  missing?: MissingPolicy;
  /** Exact Shapley is skipped (null) above this many non-constant drivers; default 20. */
  maxExactDrivers?: number;
  /**
   * Pairwise only: two drivers may share no row (drivers met by different people), their correlation
   * is then 0; `n` is the smallest count of rows where a non-constant driver and the outcome are both
   * present, instead of the smallest count over every pair.
   */
  sparsePairs?: boolean;
  /**
   * With `sparsePairs`: two drivers both present in fewer rows than this are taken as uncorrelated
   * (default 2): a correlation over a handful of rows is mostly noise, and near ±1 it makes the
   * matrix indefinite.
   */
  minPairRows?: number;
  /**
   * The exact Shapley decomposition of a (q+1)x(q+1) correlation matrix (default
   * `shapleyFromCorrelation`): a caller may keep its results by matrix, the costly part at 19 drivers.
   */
  exactShapley?: (correlation: Float64Array, q: number) => { r2: number; lmg: number[] };
  /**
   * Pairwise moments of the drivers and the outcome (last) computed by the caller, e.g. from sparse
   * rows (`sparsePairwiseMoments`): the drivers' values are then not read (no `notApplicable`).
   */
  moments?: CorrelationMoments;
  /** With `moments`: whether every outcome is 0 or 1, when the caller knows (the outcome is then not read). */
  binaryOutcome?: boolean;
}

/** One driver's importance, sign and performance. */
export interface DriverImportance {
  name: string;
  /** Shapley/LMG share of R² (0..R²); null when there are too many drivers for exact subsets. */
  shapley: number | null;
  /** Johnson's relative weight (0..R²). */
  relativeWeight: number;
  /** Shapley (or relative weight when Shapley is null) as a share of R², 0..1. */
  share: number;
  /** Sign of the full-model standardized coefficient: +1, -1, or 0 for constant/null drivers. */
  sign: -1 | 0 | 1;
  /** Full-model standardized coefficient (minimum-norm under collinearity); 0 for constant drivers. */
  coefficient: number;
  /** Zero-order correlation with the outcome; null for constant drivers. */
  correlation: number | null;
  /** Mean of the driver over the rows used (its "performance" for the importance-performance map). */
  performance: number;
  /** Rows in which the driver entered the analysis. */
  n: number;
  constant: boolean;
}

/** Result of `analyseDrivers`. */
export interface DriverAnalysis {
  /** Rows used (listwise) or the smallest pairwise count. */
  n: number;
  r2: number;
  outcome: 'numeric' | 'binary';
  missing: MissingPolicy;
  drivers: DriverImportance[];
}

/**
 * Relative importance of drivers on an outcome: exact Shapley/LMG and Johnson's relative weights, both
 * summing to R². NaN is missing; `notApplicable` codes in drivers become missing. Constant drivers get
 * zero importance and are left out of the decomposition. A 0/1 outcome is analysed as a linear
 * probability model (R² of the 0/1 variable), so the decomposition stays additive.
 */
export function analyseDrivers(
  outcome: ArrayLike<number>,
  drivers: ReadonlyArray<DriverColumn>,
  opts: DriverOptions = {},
): DriverAnalysis {
  const missing = opts.missing ?? 'listwise';
  const na = new Set(opts.notApplicable ?? []);
  const codes = [...na];
  const cleaned = drivers.map((d) => {
    if (codes.length === 0) return d.values;
    const values = new Float64Array(d.values.length);
    for (let r = 0; r < values.length; r++) {
      const v = d.values[r] as number;
      values[r] = codes.includes(v) ? Number.NaN : v;
    }
    return values;
  });
  const columns = [...cleaned, outcome];
  const moments = opts.moments ?? correlationMoments(columns, missing);
  const p = drivers.length;
  if (missing === 'pairwise' && opts.sparsePairs) {
    moments.n = smallestOutcomePair(moments, p);
    uncorrelateThinPairs(moments, p, opts.minPairRows ?? 2);
  }
  if (moments.n < 2) throw new RangeError(`too few complete rows for driver analysis (${moments.n})`);
  if (moments.constant[p]) throw new RangeError('the outcome is constant on the rows used');
  let binary = opts.binaryOutcome ?? true;
  for (let r = 0; r < outcome.length && binary && opts.binaryOutcome === undefined; r++) {
    const v = outcome[r] as number;
    if (!Number.isNaN(v) && v !== 0 && v !== 1) binary = false;
  }
  const used = drivers.map((_, i) => i).filter((i) => !moments.constant[i]);
  const q = used.length;
  const sub = new Float64Array((q + 1) * (q + 1));
  const idx = [...used, p];
  for (let a = 0; a <= q; a++) {
    for (let b = 0; b <= q; b++)
      sub[a * (q + 1) + b] = moments.correlation[(idx[a] as number) * (p + 1) + (idx[b] as number)] as number;
  }
  const maxExact = opts.maxExactDrivers ?? MAX_EXACT_DRIVERS;
  // 2^p subset values must fit in memory: 2^24 doubles is 128 MB.
  if (maxExact > 24)
    throw new RangeError('maxExactDrivers above 24 would need more than 128 MB of subset values');
  const rw = relativeWeightsFromCorrelation(sub, q);
  const exact = q <= maxExact ? (opts.exactShapley ?? shapleyFromCorrelation)(sub, q) : null;
  const r2 = exact ? exact.r2 : rw.r2;
  const out: DriverImportance[] = drivers.map((d, i) => ({
    name: d.name,
    shapley: exact ? 0 : null,
    relativeWeight: 0,
    share: 0,
    sign: 0,
    coefficient: 0,
    correlation: moments.constant[i] ? null : (moments.correlation[i * (p + 1) + p] as number),
    performance: moments.means[i] as number,
    n: moments.counts[i] as number,
    constant: moments.constant[i] as boolean,
  }));
  used.forEach((i, a) => {
    const o = out[i] as DriverImportance;
    o.relativeWeight = rw.weights[a] as number;
    if (exact) o.shapley = exact.lmg[a] as number;
    o.coefficient = rw.coefficients[a] as number;
    o.sign = Math.abs(o.coefficient) < 1e-12 ? 0 : o.coefficient > 0 ? 1 : -1;
    o.share = r2 > 0 ? (o.shapley ?? o.relativeWeight) / r2 : 0;
  });
  return { n: moments.n, r2, outcome: binary ? 'binary' : 'numeric', missing, drivers: out };
}

/** The smallest count of rows where a non-constant driver and the outcome are both present (0: none). */
function smallestOutcomePair(moments: CorrelationMoments, p: number): number {
  const pairs = moments.pairCounts as Float64Array;
  let n = Number.POSITIVE_INFINITY;
  for (let j = 0; j < p; j++) if (!moments.constant[j]) n = Math.min(n, pairs[j * (p + 1) + p] as number);
  return Number.isFinite(n) ? n : 0;
}

/** Set to 0 the correlation of two drivers present together in fewer than `min` rows. */
function uncorrelateThinPairs(moments: CorrelationMoments, p: number, min: number): void {
  const pairs = moments.pairCounts as Float64Array;
  const m = p + 1;
  for (let i = 0; i < p; i++)
    for (let j = i + 1; j < p; j++)
      if ((pairs[i * m + j] as number) < min) {
        moments.correlation[i * m + j] = 0;
        moments.correlation[j * m + i] = 0;
      }
}
