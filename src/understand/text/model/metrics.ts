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
