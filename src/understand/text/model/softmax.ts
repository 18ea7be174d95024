// Multinomial logistic regression (softmax) on sparse hashed features plus dense ones, trained by AdaGrad SGD.
import { createRandom, shuffleInPlace } from './hashing.js';
import type { EncodedSet } from './linear.js';

/** Weights of a K-class softmax model; hashed weights interleaved by class (index i*K + k). */
export interface SoftmaxWeights {
  classes: number;
  bias: Float64Array;
  /** size × K, class-interleaved so one feature's K weights sit together. */
  weights: Float32Array;
  /** denseWidth × K, class-interleaved. */
  dense: Float64Array;
}

/** Training settings of a softmax model. */
export interface SoftmaxTrainOptions {
  epochs: number;
  /** L2 penalty on hashed weights (dense weights get `denseL2`). */
  l2: number;
  denseL2?: number;
  learningRate: number;
  seed: number;
  /** Weight of each row in the loss (class or domain balancing); 1 when omitted. */
  rowWeights?: ArrayLike<number>;
  /** Start from these dense weights and biases (a lexicon-only fit) instead of zero. */
  initial?: { dense: Float64Array; bias: Float64Array };
  /** Keep the dense weights fixed: hashed weights then learn only what the lexicon misses. */
  freezeDense?: boolean;
}

/** Settings used unless a caller overrides them. */
export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxTrainOptions = {
  epochs: 6,
  l2: 1e-6,
  learningRate: 0.2,
  seed: 42,
};

/** Class scores (logits, bias included) of row `r` into `out`. */
export function softmaxLogits(
  set: EncodedSet,
  r: number,
  w: SoftmaxWeights,
  out: Float64Array,
): Float64Array {
  const K = w.classes;
  for (let k = 0; k < K; k++) out[k] = w.bias[k] as number;
  const end = set.offsets[r + 1] as number;
  for (let p = set.offsets[r] as number; p < end; p++) {
    const base = (set.indices[p] as number) * K;
    const v = set.values[p] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (w.weights[base + k] as number) * v;
  }
  const d = set.denseWidth;
  for (let j = 0; j < d; j++) {
    const x = set.dense[r * d + j] as number;
    for (let k = 0; k < K; k++) out[k] = (out[k] as number) + (w.dense[j * K + k] as number) * x;
  }
  return out;
}

/** Turn logits into probabilities in place (numerically stable). */
export function softmaxInPlace(z: Float64Array, K = z.length): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < K; k++) max = Math.max(max, z[k] as number);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp((z[k] as number) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) z[k] = (z[k] as number) / sum;
  return z;
}

/** Fit a K-class softmax model on the given rows (all rows when `rows` is omitted); labels are 0 … K−1. */
export function trainSoftmax(
  set: EncodedSet,
  labels: ArrayLike<number>,
  classes: number,
  hashBits: number,
  options: SoftmaxTrainOptions = DEFAULT_SOFTMAX_OPTIONS,
  rows?: readonly number[],
): SoftmaxWeights {
  const K = classes;
  const size = 1 << hashBits;
  const d = set.denseWidth;
  const w: SoftmaxWeights = {
    classes: K,
    bias: new Float64Array(K),
    weights: new Float32Array(size * K),
    dense: new Float64Array(d * K),
  };
  if (options.initial) {
    w.dense.set(options.initial.dense.subarray(0, d * K));
    w.bias.set(options.initial.bias);
  }
  const trainDense = !options.freezeDense;
  const g2 = new Float32Array(size * K);
  const g2Dense = new Float64Array(d * K);
  const g2Bias = new Float64Array(K);
  const order = rows ? [...rows] : Array.from({ length: set.rows }, (_, i) => i);
  const random = createRandom(options.seed);
  const eta = options.learningRate;
  const l2 = options.l2;
  const denseL2 = options.denseL2 ?? 0;
  const p = new Float64Array(K);
  const g = new Float64Array(K);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const r of order) {
      const y = labels[r] as number;
      const rw = options.rowWeights ? (options.rowWeights[r] as number) : 1;
      if (!(rw > 0)) continue;
      softmaxInPlace(softmaxLogits(set, r, w, p), K);
      for (let k = 0; k < K; k++) g[k] = ((p[k] as number) - (k === y ? 1 : 0)) * rw;
      const end = set.offsets[r + 1] as number;
      for (let q = set.offsets[r] as number; q < end; q++) {
        const base = (set.indices[q] as number) * K;
        const v = set.values[q] as number;
        for (let k = 0; k < K; k++) {
          const i = base + k;
          const wi = w.weights[i] as number;
          const gi = (g[k] as number) * v + l2 * wi;
          const acc = (g2[i] as number) + gi * gi;
          g2[i] = acc;
          w.weights[i] = wi - (eta * gi) / Math.sqrt(acc + 1e-8);
        }
      }
      for (let j = 0; trainDense && j < d; j++) {
        const x = set.dense[r * d + j] as number;
        for (let k = 0; k < K; k++) {
          const i = j * K + k;
          const gj = (g[k] as number) * x + denseL2 * (w.dense[i] as number);
          g2Dense[i] = (g2Dense[i] as number) + gj * gj;
          w.dense[i] = (w.dense[i] as number) - (eta * gj) / Math.sqrt((g2Dense[i] as number) + 1e-8);
        }
      }
      for (let k = 0; k < K; k++) {
        const gk = g[k] as number;
        g2Bias[k] = (g2Bias[k] as number) + gk * gk;
        w.bias[k] = (w.bias[k] as number) - (eta * gk) / Math.sqrt((g2Bias[k] as number) + 1e-8);
      }
    }
  }
  return w;
}

/** Zero the weights of hashed features used by fewer than `min` rows of the training set. */
export function pruneRareSoftmax(
  set: EncodedSet,
  w: SoftmaxWeights,
  min: number,
  rows?: readonly number[],
): void {
  const size = w.weights.length / w.classes;
  const count = new Uint32Array(size);
  const last = new Int32Array(size).fill(-1);
  const list = rows ?? Array.from({ length: set.rows }, (_, i) => i);
  for (const r of list) {
    const end = set.offsets[r + 1] as number;
    for (let q = set.offsets[r] as number; q < end; q++) {
      const i = set.indices[q] as number;
      if (last[i] !== r) {
        last[i] = r;
        count[i] = (count[i] as number) + 1;
      }
    }
  }
  for (let i = 0; i < size; i++) {
    if ((count[i] as number) < min) for (let k = 0; k < w.classes; k++) w.weights[i * w.classes + k] = 0;
  }
}
