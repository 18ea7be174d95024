// Training and cross-validating sentiment and theme classifiers from labelled comments (pure).
import {
  encodeComments,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  storeClass,
  type TextClassifier,
} from './classifier.js';
import type { FeatureOptions } from './features.js';
import { type Lexicon, parseLexicon } from './lexicon.js';
import {
  DEFAULT_LINEAR_OPTIONS,
  type EncodedSet,
  type LinearTrainOptions,
  type LinearWeights,
  rowMargin,
  trainLogistic,
} from './linear.js';
import { binaryReport, rocAuc, stratifiedFolds } from './metrics.js';
import { type Sentence, stemWord } from './tokenize.js';

/**
 * How a label column is read: numeric or yes/no scores become the binary label a sentiment model learns;
 * `sentiment3` is three-class sentiment (negative / neutral / positive, any casing); `categories` is any
 * other set of classes (root causes, intents), learned as mutually exclusive classes.
 */
export type LabelRule = 'binary' | 'nps' | 'rating5' | 'rating10' | 'sentiment3' | 'categories';

/** Rules whose models are softmax models over named classes. */
export type CategoricalRule = 'sentiment3' | 'categories';

/** True for the rules that train a softmax model over named classes. */
export function isCategoricalRule(rule: LabelRule): rule is CategoricalRule {
  return rule === 'sentiment3' || rule === 'categories';
}

const SENTIMENT3 = new Map<string, 'negative' | 'neutral' | 'positive'>([
  ['negative', 'negative'],
  ['neg', 'negative'],
  ['neutral', 'neutral'],
  ['neu', 'neutral'],
  ['positive', 'positive'],
  ['pos', 'positive'],
]);

/** The three-class sentiment label of a value (any casing), or undefined. */
export function sentimentLabelOf(value: string): 'negative' | 'neutral' | 'positive' | undefined {
  return SENTIMENT3.get(value.trim().toLowerCase());
}

/** Feature settings for organisation models: hashed unigrams + bigrams + lexicon. */
export const DEFAULT_FEATURES: FeatureOptions = { hashBits: 18, bigrams: true, lexicon: true };

const POSITIVE_WORDS = new Set(['1', 'yes', 'y', 'true', 'positive', 'pos', 'promoter', 'oui']);
const NEGATIVE_WORDS = new Set(['0', 'no', 'n', 'false', 'negative', 'neg', 'detractor', 'non']);

/**
 * Pick the rule for a label column from its values:
 * only 0/1 or yes/no words → binary; only negative/neutral/positive (any casing) → sentiment3;
 * any other words → categories; numbers within 1–5 → rating5 (4–5 positive, 1–2 negative, 3 dropped);
 * numbers within 0–10 → nps (9–10 promoter = positive, 0–6 detractor = negative, 7–8 passives dropped);
 * other numbers → rating10 (top 20% of the range positive, bottom 40% negative).
 */
export function detectLabelRule(values: readonly string[]): LabelRule {
  const present = values.map((v) => v.trim().toLowerCase()).filter((v) => v !== '' && v !== 'na');
  if (present.length === 0) throw new Error('the label column is empty');
  if (present.every((v) => POSITIVE_WORDS.has(v) || NEGATIVE_WORDS.has(v))) return 'binary';
  if (present.every((v) => SENTIMENT3.has(v))) return 'sentiment3';
  const nums = present.map(Number);
  if (nums.some((n) => !Number.isFinite(n))) return 'categories';
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  if (min >= 1 && max <= 5) return 'rating5';
  if (min >= 0 && max <= 10) return 'nps';
  return 'rating10';
}

/** Apply a label rule: 1 positive, 0 negative, undefined for rows the rule leaves out (passives, blanks). */
export function binariseLabel(
  value: string,
  rule: LabelRule,
  range?: { min: number; max: number },
): 0 | 1 | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'na' || isCategoricalRule(rule)) return undefined;
  if (rule === 'binary') return POSITIVE_WORDS.has(v) ? 1 : NEGATIVE_WORDS.has(v) ? 0 : undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) return undefined;
  if (rule === 'nps') return n >= 9 ? 1 : n <= 6 ? 0 : undefined;
  if (rule === 'rating5') return n >= 4 ? 1 : n <= 2 ? 0 : undefined;
  const lo = range?.min ?? 0;
  const hi = range?.max ?? 10;
  const x = hi > lo ? (n - lo) / (hi - lo) : 0.5;
  return x >= 0.8 ? 1 : x <= 0.4 ? 0 : undefined;
}

/** Settings of one training run. */
export interface TrainSettings {
  features: FeatureOptions;
  linear: LinearTrainOptions;
  /** Fit the lexicon weights first and freeze them (better on text unlike the training data). */
  lexiconFirst: boolean;
  /**
   * Zero the weight of hashed features seen in fewer training comments than this (default 1: keep all).
   * Rare features carry little signal in-domain, and their buckets are where unseen words from another
   * domain collide and pick up arbitrary weights.
   */
  minFeatureCount?: number;
}

/** Defaults for organisation models: fit everything jointly, best on the organisation's own comments. */
export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  features: DEFAULT_FEATURES,
  linear: DEFAULT_LINEAR_OPTIONS,
  lexiconFirst: false,
};

function fitBinary(
  set: EncodedSet,
  labels: ArrayLike<number>,
  settings: TrainSettings,
  rows: number[] | undefined,
  positiveWeight = 1,
) {
  const linear = { ...settings.linear, positiveWeight };
  if (!settings.lexiconFirst || set.denseWidth === 0)
    return trainLogistic(set, labels, settings.features.hashBits, linear, rows);
  const lexOnly: EncodedSet = {
    ...set,
    offsets: new Int32Array(set.rows + 1),
    indices: new Int32Array(0),
    values: new Float32Array(0),
  };
  const first = trainLogistic(lexOnly, labels, 8, { ...linear, l2: 0, learningRate: 0.1, epochs: 4 }, rows);
  return trainLogistic(
    set,
    labels,
    settings.features.hashBits,
    { ...linear, initialDense: first, freezeDense: true },
    rows,
  );
}

/** Zero the weights of hashed buckets used by fewer than `min` comments of the training set. */
function pruneRare(set: EncodedSet, w: LinearWeights, min: number): void {
  const count = new Uint32Array(w.weights.length);
  const last = new Int32Array(w.weights.length).fill(-1);
  for (let r = 0; r < set.rows; r++) {
    const end = set.offsets[r + 1] as number;
    for (let k = set.offsets[r] as number; k < end; k++) {
      const i = set.indices[k] as number;
      if (last[i] !== r) {
        last[i] = r;
        count[i] = (count[i] as number) + 1;
      }
    }
  }
  for (let i = 0; i < w.weights.length; i++) if ((count[i] as number) < min) w.weights[i] = 0;
}

/** Cross-validated quality of a binary model. */
export interface CvReport {
  folds: number;
  rows: number;
  positives: number;
  accuracy: number;
  macroF1: number;
  rocAuc: number;
  /** ROC-AUC of each fold, to show the spread. */
  foldAuc: number[];
  /** Out-of-fold margins, one per row, for comparisons on the same rows. */
  outOfFold: Float64Array;
}

/** Stratified k-fold cross-validation of a sentiment model (accuracy at p = 0.5, macro-F1, ROC-AUC). */
export function crossValidate(
  comments: readonly Sentence[][],
  labels: readonly number[],
  k: number,
  lexicon: Lexicon | undefined,
  settings: TrainSettings = DEFAULT_TRAIN_SETTINGS,
  seed = 42,
): CvReport {
  const set = encodeComments(comments, settings.features, lexicon);
  const folds = stratifiedFolds(labels, k, seed);
  const oof = new Float64Array(labels.length);
  const prob = new Float64Array(labels.length);
  const foldAuc: number[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (folds[i] === f ? test : train).push(i);
    const w = fitBinary(set, labels, settings, train);
    for (const i of test) {
      oof[i] = rowMargin(set, i, w);
      prob[i] = 1 / (1 + Math.exp(-(oof[i] + w.bias)));
    }
    foldAuc.push(
      rocAuc(
        test.map((i) => oof[i] as number),
        test.map((i) => labels[i] as number),
      ),
    );
  }
  const report = binaryReport(prob, labels, 0.5);
  return {
    folds: k,
    rows: labels.length,
    positives: labels.filter((y) => y === 1).length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    rocAuc: rocAuc(oof, labels),
    foldAuc,
    outOfFold: oof,
  };
}

/**
 * Neutral band fitted to three-way labels (−1 negative, 0 neutral, +1 positive, e.g. 1–2 / 3 / 4–5 stars):
 * the centre ± half-width on the margin that maximises three-class macro-F1 over a grid.
 * Give it out-of-fold margins, not in-sample ones, or the band comes out too narrow.
 * `fixedCentre` pins the centre (0: text without sentiment words stays neutral in any domain).
 */
export function fitNeutralBand(
  margins: readonly number[],
  classes: readonly (-1 | 0 | 1)[],
  fixedCentre?: number,
): { centre: number; halfWidth: number; macroF1: number } {
  let best = { centre: 0, halfWidth: 0.5, macroF1: -1 };
  const centres =
    fixedCentre !== undefined ? [fixedCentre] : Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
  for (const centre of centres) {
    for (let halfWidth = 0.1; halfWidth <= 3.0001; halfWidth += 0.1) {
      const f1 = macroF1Three(margins, classes, centre, halfWidth);
      if (f1 > best.macroF1) best = { centre, halfWidth, macroF1: f1 };
    }
  }
  return best;
}

/** Three-class macro-F1 of margins read through a neutral band. */
export function macroF1Three(
  margins: readonly number[],
  classes: readonly (-1 | 0 | 1)[],
  centre: number,
  halfWidth: number,
): number {
  const tp = [0, 0, 0];
  const predicted = [0, 0, 0];
  const actual = [0, 0, 0];
  for (let i = 0; i < margins.length; i++) {
    const c = (margins[i] as number) - centre;
    const p = c > halfWidth ? 2 : c < -halfWidth ? 0 : 1;
    const y = (classes[i] as number) + 1;
    predicted[p] = (predicted[p] as number) + 1;
    actual[y] = (actual[y] as number) + 1;
    if (p === y) tp[p] = (tp[p] as number) + 1;
  }
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    const d = (predicted[k] as number) + (actual[k] as number);
    sum += d > 0 ? (2 * (tp[k] as number)) / d : 0;
  }
  return sum / 3;
}

/** What a trained model file says about itself. */
export interface ModelMeta {
  version: string;
  language: string;
  training?: Record<string, unknown>;
}

/** Train a sentiment model on all given comments and return its file. */
export function trainSentiment(
  comments: readonly Sentence[][],
  labels: readonly number[],
  lexiconText: string | undefined,
  meta: ModelMeta,
  settings: TrainSettings = DEFAULT_TRAIN_SETTINGS,
  neutral?: { centre: number; halfWidth: number },
): ModelFile {
  const features = { ...settings.features, lexicon: settings.features.lexicon && lexiconText !== undefined };
  const lexicon = features.lexicon && lexiconText ? parseLexicon(lexiconText, stemWord) : undefined;
  const set = encodeComments(comments, features, lexicon);
  const w = fitBinary(set, labels, { ...settings, features }, undefined);
  if ((settings.minFeatureCount ?? 1) > 1) pruneRare(set, w, settings.minFeatureCount ?? 1);
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    kind: 'sentiment',
    version: meta.version,
    language: meta.language,
    features,
    ...(features.lexicon && lexiconText ? { lexicon: lexiconText } : {}),
    neutral: neutral ?? { centre: 0, halfWidth: 0.5 },
    classes: [storeClass('positive', w)],
    ...(meta.training ? { training: meta.training } : {}),
  };
}

/** Per-theme cross-validated precision, recall and F1 of a multi-label theme classifier. */
export interface ThemeCvReport {
  folds: number;
  rows: number;
  themes: Array<{
    theme: string;
    support: number;
    precision: number;
    recall: number;
    f1: number;
    rocAuc: number;
  }>;
  macroF1: number;
}

function themeTargets(tags: readonly (readonly string[])[], themes: readonly string[]): Uint8Array[] {
  return themes.map((t) => Uint8Array.from(tags, (list) => (list.includes(t) ? 1 : 0)));
}

function balanceWeight(y: Uint8Array): number {
  let pos = 0;
  for (const v of y) pos += v;
  // Square-root balancing: rare themes get more weight without flooding the model with false positives.
  return pos > 0 ? Math.max(1, Math.sqrt((y.length - pos) / pos)) : 1;
}

/** Train a one-vs-rest theme classifier from hand-tagged comments (each comment: a list of theme names). */
export function trainThemes(
  comments: readonly Sentence[][],
  tags: readonly (readonly string[])[],
  meta: ModelMeta,
  settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, features: { ...DEFAULT_FEATURES, lexicon: false } },
): ModelFile {
  const features = { ...settings.features, lexicon: false };
  const themes = [...new Set(tags.flat())].sort();
  const set = encodeComments(comments, features, undefined);
  const targets = themeTargets(tags, themes);
  const classes = themes.map((t, c) => {
    const y = targets[c] as Uint8Array;
    return storeClass(t, fitBinary(set, y, { ...settings, features }, undefined, balanceWeight(y)));
  });
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    kind: 'themes',
    version: meta.version,
    language: meta.language,
    features,
    thresholds: themes.map(() => 0.5),
    classes,
    ...(meta.training ? { training: meta.training } : {}),
  };
}

/** K-fold cross-validation of the theme classifier, one report line per theme. */
export function crossValidateThemes(
  comments: readonly Sentence[][],
  tags: readonly (readonly string[])[],
  k: number,
  seed = 42,
): ThemeCvReport {
  const features = { ...DEFAULT_FEATURES, lexicon: false };
  const settings = { ...DEFAULT_TRAIN_SETTINGS, features };
  const themes = [...new Set(tags.flat())].sort();
  const set = encodeComments(comments, features, undefined);
  const folds = stratifiedFolds(
    tags.map((t) => t.length),
    k,
    seed,
  );
  const out = themeTargets(tags, themes).map((y, c) => {
    const margin = new Float64Array(y.length);
    const prob = new Float64Array(y.length);
    for (let f = 0; f < k; f++) {
      const train: number[] = [];
      const test: number[] = [];
      for (let i = 0; i < y.length; i++) (folds[i] === f ? test : train).push(i);
      const w = fitBinary(set, y, settings, train, balanceWeight(y));
      for (const i of test) {
        margin[i] = rowMargin(set, i, w);
        prob[i] = 1 / (1 + Math.exp(-(margin[i] + w.bias)));
      }
    }
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      const p = (prob[i] as number) >= 0.5;
      if (p && y[i] === 1) tp++;
      else if (p) fp++;
      else if (y[i] === 1) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { theme: themes[c] as string, support: tp + fn, precision, recall, f1, rocAuc: rocAuc(margin, y) };
  });
  return {
    folds: k,
    rows: tags.length,
    themes: out,
    macroF1: out.reduce((a, t) => a + t.f1, 0) / Math.max(1, out.length),
  };
}

/** Verdict of "switch only if it beats the default". */
export interface ModelComparison {
  candidateAuc: number;
  defaultAuc: number;
  /** Minimum improvement in ROC-AUC required to switch. */
  margin: number;
  switchToCandidate: boolean;
  reason: string;
}

/**
 * Decide whether an organisation model replaces the default: its cross-validated (out-of-fold) ROC-AUC
 * must beat the default model's ROC-AUC on the same labelled comments by at least `margin`.
 */
export function compareWithDefault(
  candidateOutOfFold: ArrayLike<number>,
  defaultModel: TextClassifier,
  comments: readonly Sentence[][],
  labels: readonly number[],
  margin = 0.005,
): ModelComparison {
  const scores = new Float64Array(labels.length);
  comments.forEach((c, i) => {
    scores[i] = defaultModel.polarity(c);
  });
  const defaultAuc = rocAuc(scores, labels);
  const candidateAuc = rocAuc(candidateOutOfFold, labels);
  const better = Number.isNaN(defaultAuc) || candidateAuc >= defaultAuc + margin;
  return {
    candidateAuc,
    defaultAuc,
    margin,
    switchToCandidate: better,
    reason: better
      ? `the trained model's cross-validated ROC-AUC ${candidateAuc.toFixed(3)} beats the default's ${defaultAuc.toFixed(3)}`
      : `the trained model's cross-validated ROC-AUC ${candidateAuc.toFixed(3)} does not beat the default's ${defaultAuc.toFixed(3)} by ${margin}; keep the default`,
  };
}
