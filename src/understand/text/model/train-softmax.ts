// Training and cross-validating softmax (mutually exclusive class) models: three-class sentiment and categories.
import {
  encodeComments,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  storeSoftmaxClasses,
} from './classifier.js';
import type { FeatureOptions } from './features.js';
import { parseLexicon } from './lexicon.js';
import type { EncodedSet } from './linear.js';
import { type MultiClassReport, multiClassReport, stratifiedFolds } from './metrics.js';
import {
  DEFAULT_SOFTMAX_OPTIONS,
  pruneRareSoftmax,
  type SoftmaxTrainOptions,
  type SoftmaxWeights,
  softmaxInPlace,
  softmaxLogits,
  trainSoftmax,
} from './softmax.js';
import { type Sentence, stemWord } from './tokenize.js';
import type { ModelMeta } from './train.js';

/** Settings of one softmax training run. */
export interface SoftmaxSettings {
  features: FeatureOptions;
  linear: SoftmaxTrainOptions;
  /** Zero hashed weights seen in fewer training comments than this (1 keeps all). */
  minFeatureCount: number;
  /** Weigh classes so each counts as much as the others in the loss (better macro-F1 on skewed labels). */
  balanceClasses: boolean;
  /** Fit the lexicon weights first and freeze them; hashed weights learn what the lexicon misses. */
  lexiconFirst?: boolean;
}

/**
 * Defaults for organisation models: words, bigrams and word-bounded character 3–5-grams hashed together,
 * plus the lexicon, 10 AdaGrad epochs at learning rate 0.05. On the 30,967 general social posts (5-fold
 * CV, bench/text/org-train.ts) macro-F1 0.718 → 0.737 (character n-grams +0.007 at the old 6 epochs × 0.2,
 * the gentler, longer schedule the rest); more epochs at 0.2 overfit (15: 0.706).
 */
export const DEFAULT_SOFTMAX_SETTINGS: SoftmaxSettings = {
  features: { hashBits: 18, bigrams: true, lexicon: true, charNgrams: [3, 5] },
  linear: { ...DEFAULT_SOFTMAX_OPTIONS, epochs: 10, learningRate: 0.05 },
  minFeatureCount: 1,
  balanceClasses: true,
};

/**
 * Row weights that give each group (domain) the same total weight and, within the whole set, each class
 * the same total weight; `power` < 1 softens the group balancing (0.5: weight ∝ 1/√size).
 * Weights average 1 over the rows.
 */
export function balancedRowWeights(
  labels: readonly number[],
  classes: number,
  groups?: readonly number[],
  power = 1,
  balanceClasses = true,
): Float64Array {
  const n = labels.length;
  const w = new Float64Array(n).fill(1);
  if (groups) {
    const size = new Map<number, number>();
    for (const g of groups) size.set(g, (size.get(g) ?? 0) + 1);
    for (let i = 0; i < n; i++) w[i] = 1 / (size.get(groups[i] as number) as number) ** power;
  }
  if (balanceClasses) {
    const total = new Float64Array(classes);
    for (let i = 0; i < n; i++)
      total[labels[i] as number] = (total[labels[i] as number] as number) + (w[i] as number);
    const present = total.filter((t) => t > 0).length;
    let all = 0;
    for (const t of total) all += t;
    for (let i = 0; i < n; i++)
      w[i] = ((w[i] as number) * all) / present / (total[labels[i] as number] as number);
  }
  let sum = 0;
  for (const v of w) sum += v;
  for (let i = 0; i < n; i++) w[i] = ((w[i] as number) * n) / sum;
  return w;
}

function fitSoftmax(
  set: EncodedSet,
  labels: readonly number[],
  classes: number,
  settings: SoftmaxSettings,
  rows: readonly number[] | undefined,
  rowWeights: Float64Array,
): SoftmaxWeights {
  let linear: SoftmaxTrainOptions = { ...settings.linear, rowWeights };
  if (settings.lexiconFirst && set.denseWidth > 0) {
    const lexOnly: EncodedSet = {
      ...set,
      offsets: new Int32Array(set.rows + 1),
      indices: new Int32Array(0),
      values: new Float32Array(0),
    };
    const first = trainSoftmax(lexOnly, labels, classes, 1, { ...linear, l2: 0, epochs: 3 }, rows);
    linear = { ...linear, initial: { dense: first.dense, bias: first.bias }, freezeDense: true };
  }
  const w = trainSoftmax(set, labels, classes, settings.features.hashBits, linear, rows);
  if (settings.minFeatureCount > 1) pruneRareSoftmax(set, w, settings.minFeatureCount, rows);
  return w;
}

/** Predicted class of every row of `set` listed in `rows`, written into `out`; returns `out`. */
export function predictRows(
  set: EncodedSet,
  w: SoftmaxWeights,
  rows: readonly number[],
  out: Int32Array,
  probabilities?: Float64Array,
): Int32Array {
  const z = new Float64Array(w.classes);
  for (const r of rows) {
    softmaxLogits(set, r, w, z);
    let best = 0;
    for (let k = 1; k < w.classes; k++) if ((z[k] as number) > (z[best] as number)) best = k;
    out[r] = best;
    if (probabilities) {
      softmaxInPlace(z, w.classes);
      for (let k = 0; k < w.classes; k++) probabilities[r * w.classes + k] = z[k] as number;
    }
  }
  return out;
}

/** Train a softmax model on labelled comments (labels 0 … classLabels.length−1) and return its file. */
export function trainSoftmaxModel(
  comments: readonly Sentence[][],
  labels: readonly number[],
  classLabels: readonly string[],
  lexiconText: string | undefined,
  meta: ModelMeta & { kind: 'sentiment' | 'categories' },
  settings: SoftmaxSettings = DEFAULT_SOFTMAX_SETTINGS,
  rowWeights?: Float64Array,
): ModelFile {
  const features = { ...settings.features, lexicon: settings.features.lexicon && lexiconText !== undefined };
  const lexicon = features.lexicon && lexiconText ? parseLexicon(lexiconText, stemWord) : undefined;
  const set = encodeComments(comments, features, lexicon);
  const weights =
    rowWeights ?? balancedRowWeights(labels, classLabels.length, undefined, 1, settings.balanceClasses);
  const w = fitSoftmax(set, labels, classLabels.length, { ...settings, features }, undefined, weights);
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    kind: meta.kind,
    version: meta.version,
    language: meta.language,
    features,
    ...(features.lexicon && lexiconText ? { lexicon: lexiconText } : {}),
    softmax: true,
    classes: storeSoftmaxClasses(classLabels, w),
    ...(meta.training ? { training: meta.training } : {}),
  };
}

/** Cross-validated quality of a softmax model, with out-of-fold predictions for comparisons. */
export interface SoftmaxCvReport extends MultiClassReport {
  folds: number;
  /** Macro-F1 of each fold, to show the spread. */
  foldMacroF1: number[];
  /** Out-of-fold predicted class of every row. */
  outOfFold: Int32Array;
}

/** Stratified k-fold cross-validation of a softmax model. */
export function crossValidateSoftmax(
  comments: readonly Sentence[][],
  labels: readonly number[],
  classLabels: readonly string[],
  k: number,
  lexiconText: string | undefined,
  settings: SoftmaxSettings = DEFAULT_SOFTMAX_SETTINGS,
  seed = 42,
): SoftmaxCvReport {
  const features = { ...settings.features, lexicon: settings.features.lexicon && lexiconText !== undefined };
  const lexicon = features.lexicon && lexiconText ? parseLexicon(lexiconText, stemWord) : undefined;
  const set = encodeComments(comments, features, lexicon);
  const folds = stratifiedFolds(labels, k, seed);
  const oof = new Int32Array(labels.length);
  const foldMacroF1: number[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (folds[i] === f ? test : train).push(i);
    const trainLabels = train.map((i) => labels[i] as number);
    const tw = balancedRowWeights(trainLabels, classLabels.length, undefined, 1, settings.balanceClasses);
    const weights = new Float64Array(labels.length);
    train.forEach((i, j) => {
      weights[i] = tw[j] as number;
    });
    const w = fitSoftmax(set, labels, classLabels.length, { ...settings, features }, train, weights);
    predictRows(set, w, test, oof);
    foldMacroF1.push(
      multiClassReport(
        test.map((i) => oof[i] as number),
        test.map((i) => labels[i] as number),
        classLabels,
      ).macroF1,
    );
  }
  return { ...multiClassReport(oof, labels, classLabels), folds: k, foldMacroF1, outOfFold: oof };
}
