// The churn model: gradient-boosted trees judged by stratified k-fold cross-validation against a
// logistic-regression baseline, then trained on every row; scoring with per-row top reasons.
import { type Calibration, calibrationTable, logLoss, rocAuc } from '../../understand/stats/index.js';
import {
  encodeRows,
  type FeatureEncoding,
  learnEncoding,
  rawValue,
  rowOf,
  type StringTable,
} from './features.js';
import { type GbdtModel, type GbdtOptions, gbdtContributions, gbdtPredict, trainGbdt } from './gbdt.js';
import { fitLogistic, type LogisticModel, logisticPredict } from './logistic.js';

/** Values of an outcome column read as churned (1) or stayed (0), case-insensitive. */
const POSITIVE = new Set([
  '1',
  'yes',
  'y',
  'true',
  't',
  'churn',
  'churned',
  'lost',
  'left',
  'cancelled',
  'canceled',
]);
const NEGATIVE = new Set(['0', 'no', 'n', 'false', 'f', 'stayed', 'retained', 'active', 'renewed']);

/** Version of the saved-model format. */
export const CHURN_MODEL_VERSION = 1;

/** What to train on. */
export interface ChurnRequest {
  /** 0/1 (yes/no, true/false, churned/stayed) outcome column. */
  outcome: string;
  /** Identifier column, never a feature. */
  id?: string;
  /** Columns left out on purpose (leakage such as a churn reason, or anything not known in advance). */
  exclude?: string[];
  /** Outcome value that counts as churned when the column is not yes/no-like. */
  positive?: string;
  /** Folds of the cross-validation (2-20). */
  folds?: number;
  seed?: number;
  gbdt?: GbdtOptions;
  /** L2 penalty of the logistic baseline on standardised features. */
  lambda?: number;
}

/** One feature column's share of the model: total split gain, normalised to sum 1. */
export interface ChurnImportance {
  feature: string;
  importance: number;
}

/** Cross-validated quality of the churn model and of the baseline. */
export interface ChurnReport {
  rows: number;
  positives: number;
  /**
   * The model that scores: the gradient-boosted trees, unless the logistic baseline did better in the
   * same cross-validation (then the baseline is used and `selection` says so).
   */
  model: 'gbdt' | 'logistic';
  /** Why that model scores, in words. */
  selection: string;
  /** Cross-validation of the gradient-boosted trees. */
  cv: {
    folds: number;
    /** Mean of the per-fold ROC-AUCs and their sample standard deviation. */
    auc: number;
    aucSd: number;
    aucFolds: number[];
    /** Log loss of the pooled out-of-fold probabilities. */
    logLoss: number;
    calibration: Calibration;
  };
  baseline: { model: 'logistic'; auc: number; aucSd: number; logLoss: number };
  importance: ChurnImportance[];
  features: string[];
  skipped: Array<{ column: string; reason: string }>;
}

/** A saved model: everything `scoreChurn` needs, as plain JSON. */
export interface ChurnModel {
  format: 'northstar-churn';
  version: typeof CHURN_MODEL_VERSION;
  outcome: string;
  id: string | null;
  /** Positive rate of the training rows: the line between low and medium risk. */
  baseRate: number;
  encoding: FeatureEncoding;
  gbdt: GbdtModel;
  /** The baseline fitted on every row, with the feature means its contributions are measured from. */
  logistic?: LogisticModel & { means: number[] };
  report: ChurnReport;
}

/** Why a row scores as it does: a source column, its value and its pull on the log odds. */
export interface ChurnReason {
  feature: string;
  value: string | null;
  /** Contribution to the log odds of churning (positive raises the risk). */
  contribution: number;
}

/** A scored row. */
export interface ChurnScore {
  id: string | null;
  probability: number;
  band: RiskBand;
  reasons: ChurnReason[];
}

/** Risk bands: high from 50%, medium from the base rate, low below it. */
export type RiskBand = 'high' | 'medium' | 'low';

/** Band of a probability given the base rate. */
export function riskBand(probability: number, baseRate: number): RiskBand {
  if (probability >= 0.5) return 'high';
  return probability >= baseRate ? 'medium' : 'low';
}

/** Read the outcome column as 0/1; an unreadable value fails naming its row. */
export function readOutcome(table: StringTable, column: string, positive?: string): Uint8Array {
  const c = table.header.indexOf(column);
  if (c < 0) throw new RangeError(`outcome column '${column}' not found`);
  const y = new Uint8Array(table.rows.length);
  for (let i = 0; i < y.length; i++) {
    const raw = ((table.rows[i] as string[])[c] ?? '').trim();
    if (positive !== undefined) {
      y[i] = raw === positive ? 1 : 0;
      continue;
    }
    const v = raw.toLowerCase();
    if (POSITIVE.has(v)) y[i] = 1;
    else if (NEGATIVE.has(v)) y[i] = 0;
    else {
      throw new RangeError(
        `row ${i + 1}, column '${column}': '${raw}' is not a yes/no outcome (pass the churned value with --positive)`,
      );
    }
  }
  return y;
}

/** Stratified k-fold assignment: each fold gets the same share of positives; seeded shuffle. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Uint8Array {
  const fold = new Uint8Array(labels.length);
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) members.push(i);
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [members[i], members[j]] = [members[j] as number, members[i] as number];
    }
    members.forEach((row, r) => {
      fold[row] = r % k;
    });
  }
  return fold;
}

function meanSd(xs: number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

/** Feature columns of a request: every column but the outcome, the id and the excluded ones. */
export function featureColumns(table: StringTable, req: ChurnRequest): string[] {
  const out = new Set([req.outcome, ...(req.id ? [req.id] : []), ...(req.exclude ?? [])]);
  for (const c of out) if (!table.header.includes(c)) throw new RangeError(`column '${c}' not found`);
  return table.header.filter((h) => !out.has(h) && h !== '');
}

/** Cross-validate, then train on every row; returns the saved-model object (its report inside). */
export function trainChurn(table: StringTable, req: ChurnRequest): ChurnModel {
  const folds = req.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20)
    throw new RangeError('folds must be a whole number in [2, 20]');
  const seed = req.seed ?? 42;
  const lambda = req.lambda ?? 1;
  const y = readOutcome(table, req.outcome, req.positive);
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] as number;
  if (positives < folds || n - positives < folds) {
    throw new RangeError(
      `too few churned (${positives}) or retained (${n - positives}) rows for ${folds} folds`,
    );
  }
  const columns = featureColumns(table, req);
  const fold = stratifiedFolds(y, folds, seed);
  const oof = new Float64Array(n);
  const oofBase = new Float64Array(n);
  const aucs: number[] = [];
  const baseAucs: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    // the encoding (medians, levels) is learned on the training rows only: nothing of the test fold leaks
    const enc = learnEncoding(table, columns, train);
    const xTrain = encodeRows(enc, table, train);
    const xTest = encodeRows(enc, table, test);
    const yTrain = Uint8Array.from(train, (i) => y[i] as number);
    const yTest = Uint8Array.from(test, (i) => y[i] as number);
    const gb = trainGbdt(xTrain, yTrain, { seed, ...req.gbdt });
    const lr = fitLogistic(xTrain, yTrain, { lambda });
    const pg = new Float64Array(test.length);
    const pl = new Float64Array(test.length);
    for (let k = 0; k < test.length; k++) {
      const row = rowOf(xTest, k);
      pg[k] = gbdtPredict(gb, row);
      pl[k] = logisticPredict(lr, row);
      oof[test[k] as number] = pg[k] as number;
      oofBase[test[k] as number] = pl[k] as number;
    }
    aucs.push(rocAuc(pg, yTest) as number);
    baseAucs.push(rocAuc(pl, yTest) as number);
  }
  const enc = learnEncoding(table, columns);
  const x = encodeRows(enc, table);
  const gbdt = trainGbdt(x, y, { seed, ...req.gbdt });
  const gainBySource = new Map<string, number>();
  gbdt.gain.forEach((g, j) => {
    const s = enc.sources[j] as string;
    gainBySource.set(s, (gainBySource.get(s) ?? 0) + g);
  });
  const totalGain = [...gainBySource.values()].reduce((a, b) => a + b, 0) || 1;
  const importance = [...gainBySource.entries()]
    .map(([feature, g]) => ({ feature, importance: g / totalGain }))
    .sort((a, b) => b.importance - a.importance);
  const cv = meanSd(aucs);
  const base = meanSd(baseAucs);
  const logistic = fitLogistic(x, y, { lambda });
  const means = x.map((col) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i] as number;
    return s / n;
  });
  // the simpler model wins unless the trees rank better out of fold
  const selected = cv.mean > base.mean ? 'gbdt' : 'logistic';
  const report: ChurnReport = {
    rows: n,
    positives,
    model: selected,
    selection:
      selected === 'gbdt'
        ? `gradient-boosted trees: cross-validated AUC ${cv.mean.toFixed(3)} above the logistic baseline's ${base.mean.toFixed(3)}`
        : `logistic baseline: its cross-validated AUC ${base.mean.toFixed(3)} is at least the gradient-boosted trees' ${cv.mean.toFixed(3)}, so the simpler model scores`,
    cv: {
      folds,
      auc: cv.mean,
      aucSd: cv.sd,
      aucFolds: aucs,
      logLoss: logLoss(oof, y),
      calibration: calibrationTable(oof, y, 10),
    },
    baseline: { model: 'logistic', auc: base.mean, aucSd: base.sd, logLoss: logLoss(oofBase, y) },
    importance,
    features: enc.names,
    skipped: enc.skipped,
  };
  return {
    format: 'northstar-churn',
    version: CHURN_MODEL_VERSION,
    outcome: req.outcome,
    id: req.id ?? null,
    baseRate: positives / n,
    encoding: enc,
    gbdt,
    logistic: { ...logistic, means },
    report,
  };
}

/** Bias and per-feature contributions to the log odds of one encoded row, from the model that scores. */
function contributionsOf(model: ChurnModel, row: Float64Array): { bias: number; contributions: number[] } {
  const lr = model.logistic;
  if (model.report.model !== 'logistic' || !lr) return gbdtContributions(model.gbdt, row);
  // logistic: w_j (x_j - mean_j) from the mean row, whose log odds are the bias
  let bias = lr.intercept;
  const contributions = lr.coefficients.map((w, j) => {
    const m = lr.means[j] as number;
    bias += w * m;
    const x = row[j] as number;
    return Number.isNaN(x) ? 0 : w * (x - m);
  });
  return { bias, contributions };
}

/** Check that a parsed JSON object is a saved churn model this version reads. */
export function checkChurnModel(value: unknown): ChurnModel {
  const m = value as Partial<ChurnModel> | null;
  if (m?.format !== 'northstar-churn' || m.version !== CHURN_MODEL_VERSION || !m.gbdt || !m.encoding) {
    throw new RangeError(`not a Northstar churn model of version ${CHURN_MODEL_VERSION}`);
  }
  return m as ChurnModel;
}

/** Score every row of a table: probability, band and the top reasons (largest positive contributions). */
export function scoreChurn(model: ChurnModel, table: StringTable, topReasons = 3): ChurnScore[] {
  const x = encodeRows(model.encoding, table);
  const idCol = model.id === null ? -1 : table.header.indexOf(model.id);
  const out: ChurnScore[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const row = rowOf(x, i);
    const { bias, contributions } = contributionsOf(model, row);
    const bySource = new Map<string, number>();
    let margin = bias;
    contributions.forEach((c, j) => {
      margin += c;
      const s = model.encoding.sources[j] as string;
      bySource.set(s, (bySource.get(s) ?? 0) + c);
    });
    const probability = 1 / (1 + Math.exp(-margin));
    const reasons = [...bySource.entries()]
      .filter(([, c]) => c > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, topReasons)
      .map(([feature, contribution]) => ({ feature, value: rawValue(table, feature, i), contribution }));
    out.push({
      id: idCol >= 0 ? ((table.rows[i] as string[])[idCol] ?? null) : null,
      probability,
      band: riskBand(probability, model.baseRate),
      reasons,
    });
  }
  return out;
}
