// Logistic regression on sparse hashed features plus a few dense ones, trained by AdaGrad SGD.
import { createRandom, shuffleInPlace } from './hashing.js';

/** Comments turned into features: CSR rows of hashed indices with values, plus dense columns. */
export interface EncodedSet {
  /** Row i's features are indices[offsets[i] .. offsets[i+1]). */
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  /** Row-major dense features, `denseWidth` per row (lexicon scores). */
  dense: Float64Array;
  denseWidth: number;
  rows: number;
}

/** Weights of one binary logistic model. */
export interface LinearWeights {
  bias: number;
  weights: Float32Array;
  dense: Float64Array;
}

/** Training settings; defaults were chosen on the clothing reviews' training folds only. */
export interface LinearTrainOptions {
  epochs: number;
  /** L2 penalty on hashed weights (dense lexicon weights are left free). */
  l2: number;
  learningRate: number;
  seed: number;
  /** Weight of positive rows relative to negative ones (1 = plain likelihood). */
  positiveWeight?: number;
  /** Start from these dense weights and bias (a lexicon-only fit) instead of zero. */
  initialDense?: { dense: Float64Array; bias: number };
  /** Keep the dense weights fixed: hashed weights then learn only what the lexicon misses. */
  freezeDense?: boolean;
}

/** Settings used unless a caller overrides them. */
export const DEFAULT_LINEAR_OPTIONS: LinearTrainOptions = {
  epochs: 6,
  l2: 1e-6,
  learningRate: 0.2,
  seed: 42,
};

/** Raw margin (log-odds) of row `r` without the bias. */
export function rowMargin(set: EncodedSet, r: number, w: LinearWeights): number {
  let m = 0;
  const end = set.offsets[r + 1] as number;
  for (let k = set.offsets[r] as number; k < end; k++) {
    m += (w.weights[set.indices[k] as number] as number) * (set.values[k] as number);
  }
  const d = set.denseWidth;
  for (let j = 0; j < d; j++) m += (w.dense[j] as number) * (set.dense[r * d + j] as number);
  return m;
}

/** Fit a binary logistic model on the given rows (all rows when `rows` is omitted). */
export function trainLogistic(
  set: EncodedSet,
  labels: ArrayLike<number>,
  hashBits: number,
  options: LinearTrainOptions = DEFAULT_LINEAR_OPTIONS,
  rows?: number[],
): LinearWeights {
  const size = 1 << hashBits;
  const w: LinearWeights = {
    bias: 0,
    weights: new Float32Array(size),
    dense: new Float64Array(set.denseWidth),
  };
  if (options.initialDense) {
    w.dense.set(options.initialDense.dense.subarray(0, set.denseWidth));
    w.bias = options.initialDense.bias;
  }
  const trainDense = !options.freezeDense;
  const g2 = new Float32Array(size);
  const g2Dense = new Float64Array(set.denseWidth);
  let g2Bias = 0;
  const order = rows ? [...rows] : Array.from({ length: set.rows }, (_, i) => i);
  const random = createRandom(options.seed);
  const eta = options.learningRate;
  const posWeight = options.positiveWeight ?? 1;
  const d = set.denseWidth;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const r of order) {
      const y = labels[r] as number;
      const m = w.bias + rowMargin(set, r, w);
      const p = 1 / (1 + Math.exp(-m));
      const g = (p - y) * (y === 1 ? posWeight : 1);
      const end = set.offsets[r + 1] as number;
      for (let k = set.offsets[r] as number; k < end; k++) {
        const i = set.indices[k] as number;
        const wi = w.weights[i] as number;
        const gi = g * (set.values[k] as number) + options.l2 * wi;
        const acc = (g2[i] as number) + gi * gi;
        g2[i] = acc;
        w.weights[i] = wi - (eta * gi) / Math.sqrt(acc + 1e-8);
      }
      for (let j = 0; trainDense && j < d; j++) {
        const gj = g * (set.dense[r * d + j] as number);
        g2Dense[j] = (g2Dense[j] as number) + gj * gj;
        w.dense[j] = (w.dense[j] as number) - (eta * gj) / Math.sqrt((g2Dense[j] as number) + 1e-8);
      }
      g2Bias += g * g;
      w.bias -= (eta * g) / Math.sqrt(g2Bias + 1e-8);
    }
  }
  return w;
}
