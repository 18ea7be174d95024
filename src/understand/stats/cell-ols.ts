// Least squares over cells of sufficient statistics (one design row per cell, equal to OLS on the
// individual responses) with HC1 covariance, and the small matrix helpers it needs. Used by the
// initiative-effect estimators (effect.ts).
import type { MomentSums } from './types.js';

export interface Cell {
  x: number[];
  n: number;
  mean: number;
  /** Within-cell sum of squared deviations from the cell mean. */
  ss: number;
}

/** Mean and within sum of squares of a cell from its sums (n may be fractional with pseudo-respondents). */
export function cellMoments(s: MomentSums): { mean: number; ss: number } {
  const shifted = s.sum / s.n;
  let ss = s.sumSquares - shifted * s.sum;
  if (ss <= 1e-13 * Math.abs(s.sumSquares)) ss = 0;
  return { mean: (s.shift ?? 0) + shifted, ss };
}

export interface OlsFit {
  columns: string[];
  beta: number[];
  /** HC1 covariance of beta. */
  cov: number[][];
  rss: number;
  nTotal: number;
}

/**
 * Weighted least squares over cells that share one design row each, equal to OLS on the individual
 * responses; columns linearly dependent on earlier ones are dropped (weighted Gram-Schmidt). HC1:
 * (X'WX)^-1 [sum_c RSS_c x_c x_c'] (X'WX)^-1 * N / (N - k), where RSS_c is the cell's residual sum of
 * squares: within-cell SS + n_c (mean_c - fitted_c)^2 (every response in a cell has the same x).
 */
export function cellOls(
  cells: Cell[],
  names: string[],
  keep: ReadonlySet<string> = new Set(),
): OlsFit | null {
  const p = names.length;
  const basis: number[][] = [];
  const kept: number[] = [];
  const weights = cells.map((c) => c.n);
  const dot = (u: number[], v: number[]) => {
    let a = 0;
    for (let i = 0; i < u.length; i++) a += (weights[i] as number) * (u[i] as number) * (v[i] as number);
    return a;
  };
  for (let j = 0; j < p; j++) {
    const col = cells.map((c) => c.x[j] as number);
    const norm0 = dot(col, col);
    const r = col.slice();
    for (const q of basis) {
      const f = dot(r, q);
      for (let i = 0; i < r.length; i++) r[i] = (r[i] as number) - f * (q[i] as number);
    }
    const norm = dot(r, r);
    if (!(norm0 > 0) || norm <= 1e-10 * norm0) {
      if (keep.has(names[j] as string)) return null;
      continue;
    }
    const s = Math.sqrt(norm);
    basis.push(r.map((v) => v / s));
    kept.push(j);
  }
  const k = kept.length;
  const xs = cells.map((c) => kept.map((j) => c.x[j] as number));
  const xtx: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  cells.forEach((c, i) => {
    const x = xs[i] as number[];
    for (let a = 0; a < k; a++) {
      xty[a] = (xty[a] as number) + c.n * c.mean * (x[a] as number);
      const row = xtx[a] as number[];
      for (let b = 0; b < k; b++) row[b] = (row[b] as number) + c.n * (x[a] as number) * (x[b] as number);
    }
  });
  const inv = invert(xtx);
  if (!inv) return null;
  const beta = inv.map((row) => row.reduce((a, v, b) => a + v * (xty[b] as number), 0));
  const meat: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let rss = 0;
  let nTotal = 0;
  cells.forEach((c, i) => {
    const x = xs[i] as number[];
    const fitted = x.reduce((a, v, b) => a + v * (beta[b] as number), 0);
    const r = c.ss + c.n * (c.mean - fitted) ** 2;
    rss += r;
    nTotal += c.n;
    for (let a = 0; a < k; a++) {
      const row = meat[a] as number[];
      for (let b = 0; b < k; b++) row[b] = (row[b] as number) + r * (x[a] as number) * (x[b] as number);
    }
  });
  if (!(nTotal > k)) return null;
  const scale = nTotal / (nTotal - k);
  const cov = multiply(multiply(inv, meat), inv).map((row) => row.map((v) => v * scale));
  return { columns: kept.map((j) => names[j] as string), beta, cov, rss, nTotal };
}

/** Inverse of a small symmetric positive-definite matrix by Gauss-Jordan with partial pivoting; null if singular. */
export function invert(m: number[][]): number[][] | null {
  const k = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) {
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[pivot] as number[])[col] as number))
        pivot = r;
    }
    const pr = a[pivot] as number[];
    const pv = pr[col] as number;
    if (!(Math.abs(pv) > 1e-300)) return null;
    a[pivot] = a[col] as number[];
    a[col] = pr;
    for (let j = 0; j < 2 * k; j++) pr[j] = (pr[j] as number) / pv;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const row = a[r] as number[];
      const f = row[col] as number;
      if (f === 0) continue;
      for (let j = 0; j < 2 * k; j++) row[j] = (row[j] as number) - f * (pr[j] as number);
    }
  }
  return a.map((row) => row.slice(k));
}

export function multiply(a: number[][], b: number[][]): number[][] {
  const n = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: n }, (_, j) =>
      row.reduce((s, v, i) => s + v * ((b[i] as number[])[j] as number), 0),
    ),
  );
}
