// Plain reference classifier for organisation training: TF-IDF (word 1–2-grams, sublinear tf, min_df 2,
// smoothed idf, L2-normalised rows, as scikit-learn's TfidfVectorizer) + multinomial logistic regression
// with an L2 penalty (C = 1, intercept unpenalised) fitted by full-batch L-BFGS to convergence.
// Independent of Northstar's tokenizer, hashing and trainer on purpose.

/** scikit-learn's default token pattern: runs of two or more word characters, lower-cased. */
export function referenceTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
}

/** Word 1–2-grams of a text, as TfidfVectorizer(ngram_range=(1, 2)) forms them. */
export function ngrams(text: string): string[] {
  const t = referenceTokens(text);
  const out = [...t];
  for (let i = 1; i < t.length; i++) out.push(`${t[i - 1]} ${t[i]}`);
  return out;
}

/** CSR matrix of TF-IDF rows. */
export interface Csr {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float64Array;
  columns: number;
}

/** Fit the vocabulary (min_df) and idf on the training rows, then transform the given rows. */
export function tfidf(
  docs: readonly string[][],
  trainRows: readonly number[],
  rows: readonly number[],
  minDf = 2,
): Csr {
  const df = new Map<string, number>();
  for (const r of trainRows) for (const g of new Set(docs[r])) df.set(g, (df.get(g) ?? 0) + 1);
  const vocab = new Map<string, number>();
  const idf: number[] = [];
  const n = trainRows.length;
  for (const [g, d] of df) {
    if (d < minDf) continue;
    vocab.set(g, idf.length);
    idf.push(Math.log((1 + n) / (1 + d)) + 1);
  }
  const offsets = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((r, i) => {
    const tf = new Map<number, number>();
    for (const g of docs[r] ?? []) {
      const j = vocab.get(g);
      if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
    }
    const cols = [...tf.keys()].sort((a, b) => a - b);
    const vals = cols.map((j) => (1 + Math.log(tf.get(j) as number)) * (idf[j] as number));
    const norm = Math.sqrt(vals.reduce((s, v) => s + v * v, 0));
    cols.forEach((j, q) => {
      indices.push(j);
      values.push(norm > 0 ? (vals[q] as number) / norm : 0);
    });
    offsets[i + 1] = indices.length;
  });
  return {
    offsets,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    columns: idf.length,
  };
}

/** Loss and gradient of multinomial logistic regression: sum of cross-entropies + ‖W‖² / (2C). */
function lossGrad(
  x: Csr,
  y: readonly number[],
  K: number,
  C: number,
  theta: Float64Array,
  grad: Float64Array,
) {
  const V = x.columns;
  grad.fill(0);
  let loss = 0;
  const z = new Float64Array(K);
  for (let i = 0; i < y.length; i++) {
    for (let k = 0; k < K; k++) z[k] = theta[V * K + k] as number;
    const end = x.offsets[i + 1] as number;
    for (let q = x.offsets[i] as number; q < end; q++) {
      const base = (x.indices[q] as number) * K;
      const v = x.values[q] as number;
      for (let k = 0; k < K; k++) z[k] = (z[k] as number) + (theta[base + k] as number) * v;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) max = Math.max(max, z[k] as number);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.exp((z[k] as number) - max);
    const lse = max + Math.log(sum);
    loss += lse - (z[y[i] as number] as number);
    for (let k = 0; k < K; k++) {
      const g = Math.exp((z[k] as number) - lse) - (k === y[i] ? 1 : 0);
      grad[V * K + k] = (grad[V * K + k] as number) + g;
      for (let q = x.offsets[i] as number; q < end; q++) {
        const at = (x.indices[q] as number) * K + k;
        grad[at] = (grad[at] as number) + g * (x.values[q] as number);
      }
    }
  }
  for (let j = 0; j < V * K; j++) {
    const t = theta[j] as number;
    loss += (t * t) / (2 * C);
    grad[j] = (grad[j] as number) + t / C;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Fitted reference model: weights column-major by class (V × K) then K intercepts. */
export interface ReferenceModel {
  theta: Float64Array;
  classes: number;
  iterations: number;
}

/** L-BFGS (memory 10, backtracking Armijo line search) until the gradient's max-norm is below `tol`. */
export function fitLogReg(
  x: Csr,
  y: readonly number[],
  K: number,
  C = 1,
  maxIter = 500,
  tol = 1e-4,
): ReferenceModel {
  const n = x.columns * K + K;
  let theta = new Float64Array(n);
  let grad = new Float64Array(n);
  let f = lossGrad(x, y, K, C, theta, grad);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let it = 0;
  for (; it < maxIter; it++) {
    let gmax = 0;
    for (const g of grad) gmax = Math.max(gmax, Math.abs(g));
    if (gmax < tol) break;
    // Two-loop recursion for the search direction.
    const d = Float64Array.from(grad, (g) => -g);
    const alpha: number[] = [];
    for (let m = S.length - 1; m >= 0; m--) {
      const a = (rho[m] as number) * dot(S[m] as Float64Array, d);
      alpha[m] = a;
      const ym = Y[m] as Float64Array;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) - a * (ym[i] as number);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma =
        dot(S[last] as Float64Array, Y[last] as Float64Array) /
        dot(Y[last] as Float64Array, Y[last] as Float64Array);
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let m = 0; m < S.length; m++) {
      const b = (rho[m] as number) * dot(Y[m] as Float64Array, d);
      const sm = S[m] as Float64Array;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) + (sm[i] as number) * ((alpha[m] as number) - b);
    }
    const slope = dot(grad, d);
    let step = S.length === 0 ? 1 / Math.max(1, Math.sqrt(dot(grad, grad))) : 1;
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let fNext = f;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = (theta[i] as number) + step * (d[i] as number);
      fNext = lossGrad(x, y, K, C, next, nextGrad);
      if (fNext <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = (next[i] as number) - (theta[i] as number);
      yv[i] = (nextGrad[i] as number) - (grad[i] as number);
    }
    const sy = dot(s, yv);
    if (sy > 1e-12) {
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > 10) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(f - fNext) <= 1e-10 * Math.max(1, Math.abs(f));
    theta = next;
    grad = nextGrad;
    f = fNext;
    if (converged) break;
  }
  return { theta, classes: K, iterations: it };
}

/** Most probable class of each row of `x`. */
export function predictLogReg(x: Csr, model: ReferenceModel): number[] {
  const K = model.classes;
  const V = x.columns;
  const out: number[] = [];
  for (let i = 0; i + 1 < x.offsets.length; i++) {
    let best = 0;
    let bestZ = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      let z = model.theta[V * K + k] as number;
      for (let q = x.offsets[i] as number; q < (x.offsets[i + 1] as number); q++)
        z += (model.theta[(x.indices[q] as number) * K + k] as number) * (x.values[q] as number);
      if (z > bestZ) {
        bestZ = z;
        best = k;
      }
    }
    out.push(best);
  }
  return out;
}
