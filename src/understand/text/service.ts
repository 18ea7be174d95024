// Text analytics on tables of comments: analyse, train with cross-validation, discover themes, theme impact.
import type { CsvTable } from './csv.js';
import { requireColumn } from './csv.js';
import { type ModelFile, type TextClassifier, tokenizeSentences } from './model/classifier.js';
import { getDefaultSentimentModel } from './model/default-model.js';
import { type DiscoveredTheme, discoverThemes } from './model/discover.js';
import { detectLanguage } from './model/language.js';
import { parseLexicon } from './model/lexicon.js';
import { multiClassReport } from './model/metrics.js';
import { predictSentimentClass } from './model/sentiment.js';
import { STARTER_TAXONOMY } from './model/starter-taxonomy.js';
import { CompiledTaxonomy } from './model/taxonomy.js';
import { type Sentence, stemWord } from './model/tokenize.js';
import {
  binariseLabel,
  type CategoricalRule,
  type CvReport,
  compareWithDefault,
  crossValidate,
  crossValidateThemes,
  DEFAULT_TRAIN_SETTINGS,
  detectLabelRule,
  isCategoricalRule,
  type LabelRule,
  type ModelComparison,
  sentimentLabelOf,
  type ThemeCvReport,
  trainSentiment,
  trainThemes,
} from './model/train.js';
import {
  crossValidateSoftmax,
  DEFAULT_SOFTMAX_SETTINGS,
  type SoftmaxCvReport,
  trainSoftmaxModel,
} from './model/train-softmax.js';
import { createPipeline, type EnrichmentResult } from './pipeline.js';

/** One analysed row: its row number (1 = first data row) and the enrichment. */
export interface AnalyzedRow extends EnrichmentResult {
  row: number;
}

/** Options of `analyzeTable`. */
export interface AnalyzeOptions {
  textColumn: TextColumns;
  model?: TextClassifier;
  taxonomy?: CompiledTaxonomy;
  themeModel?: TextClassifier;
  redact?: boolean;
}

/** Run the enrichment pipeline over one column of a table; every row gets a result, even empty ones. */
export function analyzeTable(table: CsvTable, options: AnalyzeOptions): AnalyzedRow[] {
  requireColumns(table, options.textColumn);
  const pipeline = createPipeline({
    sentiment: options.model ?? getDefaultSentimentModel(),
    taxonomy: options.taxonomy ?? new CompiledTaxonomy(STARTER_TAXONOMY),
    redact: options.redact ?? true,
    ...(options.themeModel ? { themeModel: options.themeModel } : {}),
  });
  return table.rows.map((r, i) => ({ row: i + 1, ...pipeline.run(textOf(r, options.textColumn)) }));
}

const MISSING_TEXT = new Set(['', 'na', 'n/a', 'null', 'none']);

/** One or more text columns; several are joined as sentences ("Title. Review text"). */
export type TextColumns = string | readonly string[];

function columnsOf(columns: TextColumns): readonly string[] {
  return typeof columns === 'string' ? [columns] : columns;
}

/** The comment of a row: its non-missing text columns joined by ". ". */
export function textOf(row: Record<string, string>, columns: TextColumns): string {
  return columnsOf(columns)
    .map((c) => (row[c] ?? '').trim())
    .filter((v) => !MISSING_TEXT.has(v.toLowerCase()))
    .join('. ');
}

function requireColumns(table: CsvTable, columns: TextColumns): void {
  for (const c of columnsOf(columns)) requireColumn(table, c);
}

/** Rows that have text (and, when given, the label column exists). */
function labelledRows(table: CsvTable, textColumn: TextColumns, labelColumn: string) {
  requireColumns(table, textColumn);
  requireColumn(table, labelColumn);
  return table.rows.filter((r) => textOf(r, textColumn) !== '');
}

/** Options of `trainFromTable`. */
export interface TrainOptions {
  textColumn: TextColumns;
  labelColumn: string;
  folds: number;
  rule?: LabelRule;
  version?: string;
  seed?: number;
}

/** Result of training an organisation sentiment model on numeric or yes/no labels. */
export interface TrainReport {
  rule: Exclude<LabelRule, CategoricalRule>;
  /** Rows with text and a usable label / rows with text. */
  rowsUsed: number;
  rowsWithText: number;
  language: string;
  cv: Omit<CvReport, 'outOfFold'>;
  comparison: ModelComparison;
  model: ModelFile;
}

/** Most frequent detected language of the comments ("und" when none stands out). */
function majorityLanguage(texts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const t of texts) {
    const l = detectLanguage(t, tokenizeSentences(t)).language;
    if (l !== 'und') counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'und';
}

/** Verdict of "switch a three-class sentiment model on only if it beats the default". */
export interface CategoricalComparison {
  /** The trained model's cross-validated macro-F1 (out-of-fold predictions). */
  candidateMacroF1: number;
  /** The default model's macro-F1 on the same comments; absent for categories (there is no default). */
  defaultMacroF1?: number;
  /** Improvement in macro-F1 required to switch. */
  margin: number;
  switchToCandidate: boolean;
  reason: string;
}

/** Result of training a softmax model on named classes (three-class sentiment or categories). */
export interface CategoricalTrainReport {
  rule: CategoricalRule;
  rowsUsed: number;
  rowsWithText: number;
  language: string;
  /** Classes learned, in model order. */
  classes: string[];
  /** Classes left out because they had fewer comments than there are folds. */
  droppedClasses: Array<{ label: string; rows: number }>;
  cv: Omit<SoftmaxCvReport, 'outOfFold'>;
  comparison: CategoricalComparison;
  model: ModelFile;
}

/** Either kind of training report. */
export type AnyTrainReport = TrainReport | CategoricalTrainReport;

/** True when a training report is for a softmax model over named classes. */
export function isCategoricalReport(r: AnyTrainReport): r is CategoricalTrainReport {
  return isCategoricalRule(r.rule);
}

/** Improvement in macro-F1 a three-class sentiment model needs over the default to be switched on. */
export const SENTIMENT3_SWITCH_MARGIN = 0.01;

/**
 * Train a model on named classes: three-class sentiment (switched on only when its cross-validated
 * macro-F1 beats the default model's on the same comments) or any set of categories.
 */
export function trainCategoricalFromTable(
  table: CsvTable,
  options: TrainOptions & { rule?: CategoricalRule },
): CategoricalTrainReport {
  const rows = labelledRows(table, options.textColumn, options.labelColumn);
  const rawLabels = rows.map((r) => (r[options.labelColumn] ?? '').trim());
  const rule = options.rule ?? (detectLabelRule(rawLabels) === 'sentiment3' ? 'sentiment3' : 'categories');
  // Categories are matched without regard to case; the first spelling seen names the class.
  const names = new Map<string, string>();
  const keyOf = (v: string): string | undefined => {
    if (v === '' || v.toLowerCase() === 'na') return undefined;
    if (rule === 'sentiment3') {
      const l = sentimentLabelOf(v);
      if (!l) throw new Error(`label "${v}" is not negative, neutral or positive`);
      return l;
    }
    const k = v.toLowerCase();
    if (!names.has(k)) names.set(k, v);
    return k;
  };
  const keyed = rows.map((r, i) => ({ text: textOf(r, options.textColumn), key: keyOf(rawLabels[i] ?? '') }));
  const counts = new Map<string, number>();
  for (const r of keyed) if (r.key) counts.set(r.key, (counts.get(r.key) ?? 0) + 1);
  const kept =
    rule === 'sentiment3'
      ? ['negative', 'neutral', 'positive'].filter((k) => (counts.get(k) ?? 0) >= options.folds)
      : [...counts]
          .filter(([, n]) => n >= options.folds)
          .map(([k]) => k)
          .sort();
  const droppedClasses = [...counts]
    .filter(([k]) => !kept.includes(k))
    .map(([k, n]) => ({ label: names.get(k) ?? k, rows: n }));
  if (rule === 'sentiment3' && kept.length < 3) {
    throw new Error(
      `too few labelled comments to train three-class sentiment: ${['negative', 'neutral', 'positive'].map((k) => `${counts.get(k) ?? 0} ${k}`).join(', ')} (need at least ${options.folds} of each)`,
    );
  }
  if (kept.length < 2) {
    throw new Error(
      `too few labelled comments to train: need at least two classes with ${options.folds} comments or more each (found ${[...counts].map(([k, n]) => `"${names.get(k) ?? k}": ${n}`).join(', ') || 'none'})`,
    );
  }
  const index = new Map(kept.map((k, i) => [k, i]));
  const used = keyed.filter((r) => r.key !== undefined && index.has(r.key));
  const texts = used.map((r) => r.text);
  const labels = used.map((r) => index.get(r.key as string) as number);
  const classes = kept.map((k) => names.get(k) ?? k);
  const comments = texts.map((t) => tokenizeSentences(t));
  const language = majorityLanguage(texts);
  const defaultModel = getDefaultSentimentModel();
  const lexiconText = defaultModel.file.lexicon;
  const cvFull = crossValidateSoftmax(
    comments,
    labels,
    classes,
    options.folds,
    lexiconText,
    DEFAULT_SOFTMAX_SETTINGS,
    options.seed ?? 42,
  );
  const { outOfFold: _, ...cv } = cvFull;
  let comparison: CategoricalComparison;
  if (rule === 'sentiment3') {
    const defaultF1 = multiClassReport(
      comments.map((c) => predictSentimentClass(defaultModel, c)),
      labels,
      classes,
    ).macroF1;
    const better = cv.macroF1 >= defaultF1 + SENTIMENT3_SWITCH_MARGIN;
    comparison = {
      candidateMacroF1: cv.macroF1,
      defaultMacroF1: defaultF1,
      margin: SENTIMENT3_SWITCH_MARGIN,
      switchToCandidate: better,
      reason: better
        ? `the trained model's cross-validated macro-F1 ${cv.macroF1.toFixed(3)} beats the default's ${defaultF1.toFixed(3)}`
        : `the trained model's cross-validated macro-F1 ${cv.macroF1.toFixed(3)} does not beat the default's ${defaultF1.toFixed(3)} by ${SENTIMENT3_SWITCH_MARGIN}; keep the default`,
    };
  } else {
    comparison = {
      candidateMacroF1: cv.macroF1,
      margin: 0,
      switchToCandidate: false,
      reason:
        'a categories model classifies comments beside sentiment; it does not replace the sentiment model',
    };
  }
  const model = trainSoftmaxModel(
    comments,
    labels,
    classes,
    lexiconText,
    {
      kind: rule === 'sentiment3' ? 'sentiment' : 'categories',
      version:
        options.version ??
        `org-${rule === 'sentiment3' ? 'sentiment' : 'categories'}-${language}@${new Date().toISOString().slice(0, 10)}`,
      language,
      training: {
        rule,
        rows: labels.length,
        classes,
        textColumns: columnsOf(options.textColumn),
        labelColumn: options.labelColumn,
        cv,
        comparison,
      },
    },
    DEFAULT_SOFTMAX_SETTINGS,
  );
  return {
    rule,
    rowsUsed: labels.length,
    rowsWithText: rows.length,
    language,
    classes,
    droppedClasses,
    cv,
    comparison,
    model,
  };
}

/**
 * Train a model from labelled comments. Numeric and yes/no labels: binarise (see detectLabelRule), run
 * k-fold cross-validation, compare with the default model on the same rows, then fit on all rows.
 * Three-class sentiment or category labels: see trainCategoricalFromTable.
 */
export function trainFromTable(table: CsvTable, options: TrainOptions): AnyTrainReport {
  const rows = labelledRows(table, options.textColumn, options.labelColumn);
  const rawLabels = rows.map((r) => r[options.labelColumn] ?? '');
  const rule = options.rule ?? detectLabelRule(rawLabels);
  if (isCategoricalRule(rule)) return trainCategoricalFromTable(table, { ...options, rule });
  const nums = rawLabels.map(Number).filter(Number.isFinite);
  const range = nums.length > 0 ? { min: Math.min(...nums), max: Math.max(...nums) } : undefined;
  const texts: string[] = [];
  const labels: number[] = [];
  rows.forEach((r, i) => {
    const y = binariseLabel(rawLabels[i] ?? '', rule, range);
    if (y === undefined) return;
    texts.push(textOf(r, options.textColumn));
    labels.push(y);
  });
  const positives = labels.filter((y) => y === 1).length;
  if (positives < options.folds || labels.length - positives < options.folds) {
    throw new Error(
      `too few labelled comments to train: ${positives} positive and ${labels.length - positives} negative after the "${rule}" rule (need at least ${options.folds} of each)`,
    );
  }
  const comments = texts.map((t) => tokenizeSentences(t));
  const language = majorityLanguage(texts);
  const defaultModel = getDefaultSentimentModel();
  const lexiconText = defaultModel.file.lexicon;
  const lexicon = lexiconText ? parseLexicon(lexiconText, stemWord) : undefined;
  const cv = crossValidate(
    comments,
    labels,
    options.folds,
    lexicon,
    DEFAULT_TRAIN_SETTINGS,
    options.seed ?? 42,
  );
  const comparison = compareWithDefault(cv.outOfFold, defaultModel, comments, labels);
  const { outOfFold: _, ...cvSummary } = cv;
  const model = trainSentiment(comments, labels, lexiconText, {
    version: options.version ?? `org-${language}@${new Date().toISOString().slice(0, 10)}`,
    language,
    training: {
      rule,
      rows: labels.length,
      positives,
      textColumns: columnsOf(options.textColumn),
      labelColumn: options.labelColumn,
      cv: cvSummary,
      comparison,
    },
  });
  return {
    rule,
    rowsUsed: labels.length,
    rowsWithText: rows.length,
    language,
    cv: cvSummary,
    comparison,
    model,
  };
}

/** Result of training a theme classifier. */
export interface ThemeTrainReport {
  rowsUsed: number;
  cv: ThemeCvReport;
  /** The taxonomy's keyword rules scored against the same hand tags, for themes whose id it defines. */
  rules: Array<{ theme: string; precision: number; recall: number; f1: number }>;
  model: ModelFile;
}

/** Precision, recall and F1 of the taxonomy's rules against hand tags, per theme id the taxonomy defines. */
export function scoreTaxonomyRules(
  taxonomy: CompiledTaxonomy,
  comments: readonly Sentence[][],
  tags: readonly (readonly string[])[],
): Array<{ theme: string; precision: number; recall: number; f1: number }> {
  const known = new Set(taxonomy.themes.map((t) => t.id));
  const themes = [...new Set(tags.flat())].filter((t) => known.has(t)).sort();
  const found = comments.map((c) => new Set(taxonomy.match(c).map((m) => m.id)));
  return themes.map((theme) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    found.forEach((f, i) => {
      const truth = (tags[i] ?? []).includes(theme);
      if (f.has(theme) && truth) tp++;
      else if (f.has(theme)) fp++;
      else if (truth) fn++;
    });
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    return {
      theme,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    };
  });
}

/**
 * Train a multi-label theme classifier from hand-tagged comments: the tag column holds theme ids separated by
 * `;` or `|` (or `,`). Rows without tags count as tagged with no theme.
 */
export function trainThemesFromTable(
  table: CsvTable,
  options: {
    textColumn: TextColumns;
    tagsColumn: string;
    folds: number;
    version?: string;
    taxonomy?: CompiledTaxonomy;
  },
): ThemeTrainReport {
  const rows = labelledRows(table, options.textColumn, options.tagsColumn);
  const texts = rows.map((r) => textOf(r, options.textColumn));
  const tags = rows.map((r) =>
    (r[options.tagsColumn] ?? '')
      .split(/[;|,]/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  const comments = texts.map((t) => tokenizeSentences(t));
  const cv = crossValidateThemes(comments, tags, options.folds);
  const language = majorityLanguage(texts);
  const model = trainThemes(comments, tags, {
    version: options.version ?? `themes-${language}@${new Date().toISOString().slice(0, 10)}`,
    language,
    training: { rows: rows.length, cv },
  });
  const rules = scoreTaxonomyRules(
    options.taxonomy ?? new CompiledTaxonomy(STARTER_TAXONOMY),
    comments,
    tags,
  );
  return { rowsUsed: rows.length, cv, rules, model };
}

/** Discovered themes with their representative comments' text. */
export interface DiscoveredThemeWithText extends DiscoveredTheme {
  examples: string[];
}

/** Discover themes in one column of a table (clustering + c-TF-IDF labels); PII is redacted from examples. */
export function discoverFromTable(
  table: CsvTable,
  options: { textColumn: TextColumns; k?: number; seed?: number },
): DiscoveredThemeWithText[] {
  requireColumns(table, options.textColumn);
  const pipeline = createPipeline({ redact: true });
  const texts = table.rows
    .map((r) => textOf(r, options.textColumn))
    .filter((t) => t !== '')
    .map((t) => pipeline.run(t).text);
  const comments = texts.map((t) => tokenizeSentences(t));
  return discoverThemes(comments, {
    ...(options.k !== undefined ? { k: options.k } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  }).map((t) => ({ ...t, examples: t.representatives.map((i) => (texts[i] ?? '').slice(0, 200)) }));
}
