// Evaluation measures for text classifiers: ROC-AUC, accuracy, macro-F1, stratified folds.
import { createRandom, shuffleInPlace } from './hashing.js';

/** ROC-AUC by the rank-sum (Mann–Whitney) formula with average ranks for ties; NaN if one class is absent. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Accuracy and macro-F1 of binary predictions (score ≥ threshold → 1). */
export function binaryReport(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): { accuracy: number; macroF1: number } {
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = (scores[i] as number) >= threshold ? 1 : 0;
    const y = labels[i] as number;
    if (p === 1 && y === 1) tp++;
    else if (p === 0 && y === 0) tn++;
    else if (p === 1) fp++;
    else fn++;
  }
  const f1 = (a: number, b: number, c: number) => (2 * a + b + c === 0 ? 0 : (2 * a) / (2 * a + b + c));
  const n = tp + tn + fp + fn;
  return { accuracy: n === 0 ? Number.NaN : (tp + tn) / n, macroF1: (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2 };
}

/** Stratified k-fold assignment: fold number per row, each class spread evenly, seeded. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  const folds = new Int32Array(labels.length);
  const random = createRandom(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] as number;
    const list = byClass.get(y) ?? [];
    list.push(i);
    byClass.set(y, list);
  }
  let offset = 0;
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = shuffleInPlace(byClass.get(key) ?? [], random);
    rows.forEach((row, j) => {
      folds[row] = (j + offset) % k;
    });
    offset += rows.length;
  }
  return folds;
}

/** Precision, recall, F1 and support of one class. */
export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Multi-class quality: per-class scores, macro-F1 over the classes that occur, accuracy, confusion matrix. */
export interface MultiClassReport {
  labels: string[];
  accuracy: number;
  /** Mean F1 over the classes present in the true labels (a class never present is not averaged in). */
  macroF1: number;
  perClass: ClassScore[];
  /** confusion[actual][predicted], in `labels` order. */
  confusion: number[][];
  rows: number;
}

/** Multi-class report of predicted against actual class indices (0 … labels.length−1). */
export function multiClassReport(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  labels: readonly string[],
): MultiClassReport {
  const K = labels.length;
  const confusion = Array.from({ length: K }, () => new Array<number>(K).fill(0));
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const p = predicted[i] as number;
    (confusion[a] as number[])[p] = ((confusion[a] as number[])[p] as number) + 1;
    if (a === p) correct++;
  }
  const perClass: ClassScore[] = labels.map((label, k) => {
    const tp = (confusion[k] as number[])[k] as number;
    let predictedK = 0;
    let support = 0;
    for (let j = 0; j < K; j++) {
      predictedK += (confusion[j] as number[])[k] as number;
      support += (confusion[k] as number[])[j] as number;
    }
    const precision = predictedK > 0 ? tp / predictedK : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((c) => c.support > 0);
  return {
    labels: [...labels],
    accuracy: actual.length > 0 ? correct / actual.length : Number.NaN,
    macroF1: present.length > 0 ? present.reduce((s, c) => s + c.f1, 0) / present.length : Number.NaN,
    perClass,
    confusion,
    rows: actual.length,
  };
}
