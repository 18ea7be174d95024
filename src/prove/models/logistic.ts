// Logistic regression by Newton-Raphson (IRLS) with an optional L2 penalty: the churn model's baseline.
//
// Features are standardised inside (mean 0, sd 1) so the penalty treats them alike; the intercept is not
// penalised. Each step solves (X'WX + lambda I) d = X'(y - p) - lambda w by Cholesky; with lambda = 0 the
// fit is the maximum-likelihood estimate of statsmodels `Logit(y, X).fit()`. Coefficients are reported on
// the original scale.

import type { Columns } from './gbdt.js';

/** Options of the fit. */
export interface LogisticOptions {
  /** L2 penalty on the standardised coefficients (sklearn's 1/C); 0 for plain maximum likelihood. */
  lambda?: number;
  maxIterations?: number;
  /** Stop when the largest Newton step on the standardised scale is below this. */
  tolerance?: number;
}

/** A fitted model: intercept and coefficients on the original feature scale. */
export interface LogisticModel {
  kind: 'logistic';
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

/** Fit on column-major features and 0/1 labels. Constant columns get a zero coefficient. */
export function fitLogistic(
  columns: Columns,
  labels: ArrayLike<number>,
  opts: LogisticOptions = {},
): LogisticModel {
  const lambda = opts.lambda ?? 0;
  const maxIterations = opts.maxIterations ?? 50;
  const tolerance = opts.tolerance ?? 1e-9;
  const n = labels.length;
  const p = columns.length;
  if (n === 0) throw new RangeError('no rows to fit');
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  const z: Float64Array[] = [];
  for (let j = 0; j < p; j++) {
    const c = columns[j] as Float64Array;
    if (c.length !== n) throw new RangeError('every column needs one value per row');
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] as number;
    const m = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += ((c[i] as number) - m) ** 2;
    const d = Math.sqrt(ss / n);
    mean[j] = m;
    sd[j] = d > 1e-12 ? d : 0;
    const col = new Float64Array(n);
    if (sd[j] !== 0) for (let i = 0; i < n; i++) col[i] = ((c[i] as number) - m) / d;
    z.push(col);
  }
  // parameter vector: [intercept, w_1..w_p] on the standardised scale
  const k = p + 1;
  const w = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  const prob = new Float64Array(n);
  for (; iterations < maxIterations; iterations++) {
    for (let i = 0; i < n; i++) {
      let m = w[0] as number;
      for (let j = 0; j < p; j++) m += (w[j + 1] as number) * ((z[j] as Float64Array)[i] as number);
      prob[i] = 1 / (1 + Math.exp(-m));
    }
    const grad = new Float64Array(k);
    const hess = new Float64Array(k * k);
    const x = new Float64Array(k);
    x[0] = 1;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) x[j + 1] = (z[j] as Float64Array)[i] as number;
      const q = prob[i] as number;
      const r = (labels[i] as number) - q;
      const v = q * (1 - q);
      for (let a = 0; a < k; a++) {
        const xa = x[a] as number;
        grad[a] = (grad[a] as number) + xa * r;
        const va = v * xa;
        for (let b = 0; b <= a; b++) hess[a * k + b] = (hess[a * k + b] as number) + va * (x[b] as number);
      }
    }
    for (let a = 1; a < k; a++) {
      grad[a] = (grad[a] as number) - lambda * (w[a] as number);
      // a constant column (all zeros after centring) gets a unit diagonal so the system stays solvable
      hess[a * k + a] = (hess[a * k + a] as number) + (sd[a - 1] === 0 ? 1 : lambda);
    }
    for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) hess[a * k + b] = hess[b * k + a] as number;
    const step = solveSymmetric(hess, grad, k);
    let largest = 0;
    for (let a = 0; a < k; a++) {
      w[a] = (w[a] as number) + (step[a] as number);
      largest = Math.max(largest, Math.abs(step[a] as number));
    }
    if (largest < tolerance) {
      converged = true;
      iterations++;
      break;
    }
  }
  const coefficients = new Array<number>(p);
  let intercept = w[0] as number;
  for (let j = 0; j < p; j++) {
    const c = sd[j] === 0 ? 0 : (w[j + 1] as number) / (sd[j] as number);
    coefficients[j] = c;
    intercept -= c * (mean[j] as number);
  }
  return { kind: 'logistic', intercept, coefficients, iterations, converged };
}

/** Solve A x = b for a symmetric positive-definite A (row-major k x k) by Cholesky. */
function solveSymmetric(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j] as number;
      for (let m = 0; m < j; m++) s -= (l[i * k + m] as number) * (l[j * k + m] as number);
      if (i === j) {
        if (s <= 0) throw new RangeError('the design is singular: a feature is a copy or a sum of others');
        l[i * k + i] = Math.sqrt(s);
      } else {
        l[i * k + j] = s / (l[j * k + j] as number);
      }
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i] as number;
    for (let m = 0; m < i; m++) s -= (l[i * k + m] as number) * (y[m] as number);
    y[i] = s / (l[i * k + i] as number);
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let m = i + 1; m < k; m++) s -= (l[m * k + i] as number) * (x[m] as number);
    x[i] = s / (l[i * k + i] as number);
  }
  return x;
}

/** Margin (log odds) of one row. */
export function logisticMargin(model: LogisticModel, row: ArrayLike<number>): number {
  let m = model.intercept;
  for (let j = 0; j < model.coefficients.length; j++) {
    const x = row[j] as number;
    if (!Number.isNaN(x)) m += (model.coefficients[j] as number) * x;
  }
  return m;
}

/** Probability of the positive outcome for one row. */
export function logisticPredict(model: LogisticModel, row: ArrayLike<number>): number {
  return 1 / (1 + Math.exp(-logisticMargin(model, row)));
}
