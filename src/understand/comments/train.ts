// Organisation models trained from the organisation's own data, run as a background job.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import {
  binariseLabel,
  type CsvTable,
  detectLabelRule,
  trainFromTable,
  trainThemesFromTable,
} from '../text/index.js';
import { countTrainingLabels } from './queries/count-training-labels.js';
import { finishRun } from './queries/finish-run.js';
import { getRun } from './queries/get-run.js';
import { insertModel } from './queries/insert-model.js';
import { parseLabelField, selectLabelledComments } from './queries/select-labelled-comments.js';
import { selectScoredComments, type TrainMetric } from './queries/select-scored-comments.js';
import { selectTaggedComments } from './queries/select-tagged-comments.js';
import { startRun } from './queries/start-run.js';
import type { TextSettingsChange } from './queries/update-text-settings.js';

/** Options of a training run (stored with the run). */
export interface TrainOptions {
  kind: 'sentiment' | 'themes' | 'categories';
  metric: TrainMetric;
  folds: number;
  /**
   * Where categorical labels are read (`metadata.<key>` or `attr.<key>`): three-class sentiment
   * (negative / neutral / positive, any casing) for kind sentiment, any set of classes for categories.
   * Absent for sentiment: the scores of `metric`.
   */
  labelField?: string;
}

/** Most comments a training run reads (newest first). */
export const MAX_TRAINING_ROWS = 200_000;
/** A theme classifier is switched on only when its cross-validated macro-F1 reaches this. */
export const THEME_MODEL_MIN_F1 = 0.5;

const RULES = { nps: 'nps', csat: 'rating5', rating: 'rating10' } as const;

/**
 * Refuse at once, as a user error naming the field, a training request that cannot train: fewer than
 * `folds` comments on each side of the score's rule, fewer than two label classes of `folds` comments,
 * or fewer than `folds` hand-tagged comments. (The trainer checks again on the rows it reads.)
 */
export async function checkTrainable(sql: Sql, orgId: string, options: TrainOptions): Promise<void> {
  const { folds } = options;
  if (options.labelField) {
    const field = parseLabelField(options.labelField);
    if (!field) return;
    const classes = new Map<string, number>();
    for (const { label, n } of await countTrainingLabels(sql, orgId, { field })) {
      const k = label.trim().toLowerCase();
      if (k !== '' && k !== 'na') classes.set(k, (classes.get(k) ?? 0) + n);
    }
    const enough = [...classes.values()].filter((n) => n >= folds).length;
    if (enough < 2)
      throw new ValidationError('Too few labelled comments to train', [
        {
          name: 'labelField',
          reason: `${options.labelField} needs at least two labels with ${folds} comments or more each (found ${enough})`,
        },
      ]);
    return;
  }
  if (options.kind === 'sentiment') {
    const groups = await countTrainingLabels(sql, orgId, { metric: options.metric });
    const values = groups.map((g) => Number(g.label)).filter(Number.isFinite);
    const range = values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : undefined;
    let positive = 0;
    let negative = 0;
    for (const { label, n } of groups) {
      const y = binariseLabel(label, RULES[options.metric], range);
      if (y === 1) positive += n;
      else if (y === 0) negative += n;
    }
    if (positive < folds || negative < folds)
      throw new ValidationError('Too few scored comments to train', [
        {
          name: 'metric',
          reason: `comments scored on ${options.metric}: ${positive} positive and ${negative} negative (need at least ${folds} of each)`,
        },
      ]);
    return;
  }
  const [tagged] = await countTrainingLabels(sql, orgId, { themes: true });
  if ((tagged?.n ?? 0) < folds)
    throw new ValidationError('Too few hand-tagged comments to train', [
      {
        name: 'kind',
        reason: `themes needs at least ${folds} hand-tagged comments (found ${tagged?.n ?? 0})`,
      },
    ]);
}

/**
 * Train, cross-validate and store the model of a `train` run, and finish the run with the report.
 * Returns the settings change to apply when the model should be switched on: a sentiment model
 * only when it beats the default model on the organisation's own comments (`compareWithDefault`).
 */
export async function trainRun(
  sql: Sql,
  orgId: string,
  runId: string,
): Promise<{ activate?: { reason: string; change: Omit<TextSettingsChange, 'bump'> } }> {
  const run = await getRun(sql, orgId, runId);
  if (run?.kind !== 'train' || run.status !== 'queued') return {};
  const options = run.options as unknown as TrainOptions;
  const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  if (options.labelField) {
    const field = parseLabelField(options.labelField);
    if (!field)
      throw new Error(`labelField "${options.labelField}" is neither metadata.<key> nor attr.<key>`);
    const rows = await selectLabelledComments(sql, orgId, field, MAX_TRAINING_ROWS);
    await startRun(sql, orgId, runId, rows.length);
    const table: CsvTable = {
      columns: ['text', 'label'],
      rows: rows.map((r) => ({ text: r.text, label: r.label })),
    };
    const rule = options.kind === 'categories' ? 'categories' : detectLabelRule(rows.map((r) => r.label));
    if (options.kind === 'sentiment' && rule !== 'sentiment3' && rule !== 'binary') {
      throw new Error(
        `the labels in ${options.labelField} are not sentiment (negative / neutral / positive, or yes/no); train them with kind "categories"`,
      );
    }
    const report = trainFromTable(table, {
      textColumn: 'text',
      labelColumn: 'label',
      folds: options.folds,
      rule,
      version: `org-${options.kind}@${stamp}`,
    });
    const { model, ...summary } = report;
    const modelId = await insertModel(sql, orgId, {
      kind: model.kind,
      version: model.version,
      file: model,
      report: summary,
    });
    const switched = options.kind === 'sentiment' && report.comparison.switchToCandidate;
    await finishRun(sql, orgId, runId, 'done', { result: { modelId, switched, ...summary } });
    return switched
      ? { activate: { reason: `sentiment model ${model.version}`, change: { sentimentModelId: modelId } } }
      : {};
  }
  if (options.kind === 'sentiment') {
    const rows = await selectScoredComments(sql, orgId, options.metric, MAX_TRAINING_ROWS);
    await startRun(sql, orgId, runId, rows.length);
    const table: CsvTable = {
      columns: ['text', 'score'],
      rows: rows.map((r) => ({ text: r.text, score: String(r.score) })),
    };
    const report = trainFromTable(table, {
      textColumn: 'text',
      labelColumn: 'score',
      folds: options.folds,
      rule: RULES[options.metric],
      version: `org-sentiment@${stamp}`,
    });
    const { model, ...summary } = report;
    const modelId = await insertModel(sql, orgId, {
      kind: 'sentiment',
      version: model.version,
      file: model,
      report: summary,
    });
    const switched = report.comparison.switchToCandidate;
    await finishRun(sql, orgId, runId, 'done', { result: { modelId, switched, ...summary } });
    return switched
      ? { activate: { reason: `sentiment model ${model.version}`, change: { sentimentModelId: modelId } } }
      : {};
  }
  const rows = await selectTaggedComments(sql, orgId, MAX_TRAINING_ROWS);
  await startRun(sql, orgId, runId, rows.length);
  const table: CsvTable = {
    columns: ['text', 'tags'],
    rows: rows.map((r) => ({ text: r.text, tags: r.themes.join(';') })),
  };
  const report = trainThemesFromTable(table, {
    textColumn: 'text',
    tagsColumn: 'tags',
    folds: options.folds,
    version: `org-themes@${stamp}`,
  });
  const { model, ...summary } = report;
  const modelId = await insertModel(sql, orgId, {
    kind: 'themes',
    version: model.version,
    file: model,
    report: summary,
  });
  const switched = report.cv.macroF1 >= THEME_MODEL_MIN_F1;
  await finishRun(sql, orgId, runId, 'done', { result: { modelId, switched, ...summary } });
  return switched
    ? { activate: { reason: `theme model ${model.version}`, change: { themeModelId: modelId } } }
    : {};
}
