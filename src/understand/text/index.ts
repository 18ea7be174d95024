// Text analytics: enrichment pipeline (language, PII, sentiment, themes), training, theme discovery and impact.
export { type CsvEncoding, type CsvTable, MissingColumnError, readCsv, requireColumn } from './csv.js';
export { loadModelFile, loadTaxonomyFile, saveModelFile } from './files.js';
export { computeThemeImpact, type ImpactMetric, type ThemeImpact } from './impact.js';
export { impactFromResults } from './impact-table.js';
export {
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFile,
  ModelFormatError,
  splitSentences,
  TextClassifier,
  tokenizeSentences,
} from './model/classifier.js';
export { getDefaultSentimentModel } from './model/default-model.js';
export { type DiscoveredTheme, type DiscoverOptions, discoverThemes } from './model/discover.js';
export { detectLanguage, type LanguageResult } from './model/language.js';
export { type SentimentLabel, type SentimentResult, scoreSentiment } from './model/sentiment.js';
export { STARTER_TAXONOMY } from './model/starter-taxonomy.js';
export { CompiledTaxonomy, type Taxonomy, type ThemeDefinition, type ThemeMatch } from './model/taxonomy.js';
export { type Token, tokenize } from './model/tokenize.js';
export {
  binariseLabel,
  type CvReport,
  compareWithDefault,
  detectLabelRule,
  type LabelRule,
  type ModelComparison,
} from './model/train.js';
export { type Redaction, type RedactionKind, redactPii } from './pii.js';
export {
  createPipeline,
  type EnrichmentContext,
  type EnrichmentResult,
  type EnrichmentSpec,
  isStale,
  MAX_COMMENT_CHARS,
  type Pipeline,
  type PipelineOptions,
  runSpecs,
  type ThemeResult,
} from './pipeline.js';
export {
  type AnalyzedRow,
  type AnyTrainReport,
  analyzeTable,
  type CategoricalTrainReport,
  type DiscoveredThemeWithText,
  discoverFromTable,
  isCategoricalReport,
  type TextColumns,
  type ThemeTrainReport,
  type TrainReport,
  textOf,
  trainCategoricalFromTable,
  trainFromTable,
  trainThemesFromTable,
} from './service.js';
