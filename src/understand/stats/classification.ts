// Scoring a probabilistic classifier: ROC-AUC (rank form), log loss, Brier score and calibration.

/**
 * ROC-AUC as the Mann-Whitney statistic: the probability that a random positive scores above a random
 * negative, ties counting one half. Computed from mid-ranks of the pooled scores,
 * AUC = (R+ - n+(n+ + 1)/2) / (n+ n-), which equals sklearn `roc_auc_score`. Null when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError('scores and labels must have the same length');
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j + 1 < n && scores[order[j + 1] as number] === s) j++;
    const midRank = (i + j) / 2 + 1; // 1-based mid-rank of the tie group
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const EPS = 1e-15;

/** Mean negative log-likelihood of 0/1 labels under probabilities p (clipped to [1e-15, 1 - 1e-15], as sklearn). */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('log loss of an empty sample');
  let s = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probabilities[i] as number));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / n;
}

/** Mean squared difference between probabilities and 0/1 labels. */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('Brier score of an empty sample');
  let s = 0;
  for (let i = 0; i < n; i++) s += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return s / n;
}

/** One bin of a reliability table. */
export interface CalibrationBin {
  /** Lower and upper bound of the predicted probabilities in the bin. */
  low: number;
  high: number;
  n: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Observed share of positives in the bin. */
  observed: number;
}

/** Reliability of predicted probabilities: bins, expected calibration error and Brier score. */
export interface Calibration {
  bins: CalibrationBin[];
  /** Expected calibration error: sum over bins of n_b/n x |observed - predicted|. */
  ece: number;
  brier: number;
}

/**
 * Reliability table over `binCount` quantile bins of the predictions (equal counts, so every bin has
 * enough cases to read), the expected calibration error and the Brier score.
 */
export function calibrationTable(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  binCount = 10,
): Calibration {
  const n = probabilities.length;
  if (n === 0) throw new RangeError('calibration of an empty sample');
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (probabilities[a] as number) - (probabilities[b] as number),
  );
  const k = Math.max(1, Math.min(binCount, n));
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < k; b++) {
    const from = Math.floor((b * n) / k);
    const to = Math.floor(((b + 1) * n) / k);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let i = from; i < to; i++) {
      sp += probabilities[order[i] as number] as number;
      sy += labels[order[i] as number] as number;
    }
    const m = to - from;
    const bin = {
      low: probabilities[order[from] as number] as number,
      high: probabilities[order[to - 1] as number] as number,
      n: m,
      predicted: sp / m,
      observed: sy / m,
    };
    bins.push(bin);
    ece += (m / n) * Math.abs(bin.observed - bin.predicted);
  }
  return { bins, ece, brier: brierScore(probabilities, labels) };
}
