// The prove analyses on CSV files, without a server: churn model training and scoring, value by loyalty group.

import { ValidationError } from '../platform/errors/index.js';
import {
  type CsvTable,
  DEFAULT_MISSING,
  fmt,
  numericColumn,
  readCsvFile,
  renderTable,
  textColumn,
} from '../understand/analyze/index.js';
import {
  analyseValue,
  type ChurnModel,
  type ChurnReport,
  type ChurnRequest,
  type ChurnScore,
  checkChurnModel,
  readBinary,
  scoreChurn,
  trainChurn,
  type ValueByGroup,
  type ValueMetric,
} from './models/index.js';

/** Models report bad input as RangeError; the CLI and API speak ValidationError. */
function asValidation<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof RangeError)
      throw new ValidationError(err.message, [{ name: field, reason: err.message }]);
    throw err;
  }
}

/** Train the churn model on a table: the report (CV AUC, baseline, importance) and the model to save. */
export function trainChurnOnTable(
  table: CsvTable,
  req: ChurnRequest,
): { report: ChurnReport; model: ChurnModel } {
  const model = asValidation('file', () => trainChurn(table, req));
  return { report: model.report, model };
}

/** Score the rows of a table with a saved model (parsed JSON). */
export function scoreChurnOnTable(table: CsvTable, saved: unknown, top = 3): ChurnScore[] {
  const model = asValidation('model', () => checkChurnModel(saved));
  return asValidation('file', () => scoreChurn(model, table, top));
}

/** What `prove value` reads: a score column and an outcome column (numeric, or yes/no). */
export interface ValueFileRequest {
  score: string;
  metric: ValueMetric;
  outcome: string;
  level?: number;
  missing?: string[];
}

/** Value by loyalty group on a table; a yes/no outcome gives rates, a numeric one means. */
export function analyseValueInTable(
  table: CsvTable,
  req: ValueFileRequest,
): ValueByGroup & { score: string; outcome: string } {
  const missing = req.missing ?? DEFAULT_MISSING;
  const scores = numericColumn(table, req.score, { missing });
  const binary = readBinary(textColumn(table, req.outcome, missing));
  const outcomes = binary ?? numericColumn(table, req.outcome, { missing });
  const result = asValidation('outcome', () =>
    analyseValue(req.metric, scores, outcomes, { binary: binary !== null, level: req.level ?? 0.95 }),
  );
  return { score: req.score, outcome: req.outcome, ...result };
}

/** Read a CSV file for the prove commands. */
export const readProveFile = readCsvFile;

const p4 = (p: number | null) => (p === null ? '-' : p < 0.0001 ? '<0.0001' : p.toFixed(4));

/** Plain-text rendering of a churn report. */
export function formatChurnReport(r: ChurnReport): string {
  const lines = [
    `Churn model (gradient-boosted trees) on ${r.rows} rows, ${r.positives} churned (${fmt((100 * r.positives) / r.rows)}%)`,
    `${r.cv.folds}-fold CV ROC-AUC ${r.cv.auc.toFixed(3)} (sd ${r.cv.aucSd.toFixed(3)}), log loss ${r.cv.logLoss.toFixed(3)}, ` +
      `calibration error ${r.cv.calibration.ece.toFixed(3)}, Brier ${r.cv.calibration.brier.toFixed(3)}`,
    `Baseline logistic regression ROC-AUC ${r.baseline.auc.toFixed(3)} (sd ${r.baseline.aucSd.toFixed(3)})`,
    `Scoring with: ${r.selection}`,
    '',
    renderTable(
      ['feature', 'importance'],
      r.importance.slice(0, 15).map((i) => [i.feature, `${fmt(100 * i.importance)}%`]),
    ),
  ];
  if (r.skipped.length)
    lines.push('', `Left out: ${r.skipped.map((s) => `${s.column} (${s.reason})`).join(', ')}`);
  return lines.join('\n');
}

/** Plain-text rendering of value by loyalty group. */
export function formatValue(v: ValueByGroup & { score: string; outcome: string }): string {
  const pct = Math.round(v.level * 100);
  const rate = v.outcomeKind === 'binary';
  const head = `${v.outcome} by ${v.metric.toUpperCase()} group of '${v.score}' (${rate ? 'rate, Wilson' : 'mean, t'} ${pct}% interval; ${v.n} rows)`;
  const groups = renderTable(
    ['group', 'n', rate ? 'rate' : 'mean', 'low', 'high'],
    v.categories.map((c) => [
      c.category,
      String(c.n),
      fmt(rate ? c.rate : c.mean, 3),
      fmt(c.ci?.low, 3),
      fmt(c.ci?.high, 3),
    ]),
  );
  const diffs = renderTable(
    ['difference', 'value', 'low', 'high', 'p', 'test'],
    v.differences.map((d) => [
      `${d.a} - ${d.b}`,
      fmt(d.difference, 3),
      fmt(d.ci?.low, 3),
      fmt(d.ci?.high, 3),
      p4(d.p),
      d.method,
    ]),
  );
  return [head, groups, '', diffs].join('\n');
}
