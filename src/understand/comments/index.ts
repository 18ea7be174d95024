// Comments in the server: enrichment stored on feedback, re-runs with progress, taxonomy, models, impact, search.

export {
  type CommentIndexSettings,
  commentIndexStats,
  configureCommentIndex,
  warmCommentIndex,
  warmCommentIndexes,
} from './comment-index-engine.js';
export {
  enrichComments,
  enrichCommentsYielding,
  enrichFeedback,
  type RerunStep,
  stepRerun,
} from './enrich.js';
export type { StoredEnrichment, StoredTheme } from './enrichment.js';
export { themeAspects } from './enrichment.js';
export type { CommentFilter } from './filters.js';
export {
  type IntakeText,
  keepsOriginalSql,
  redactIntakeAnswers,
  redactIntakeText,
  redactJsonStrings,
} from './intake-redaction.js';
export {
  COMMENT_JOBS,
  ENRICH_BATCH,
  enqueueEnrichment,
  enrichFeedbackJob,
  requestRerun,
  textRerunJob,
  textTrainJob,
} from './jobs.js';
export type { TextRun } from './queries/get-run.js';
export type { CommentRow } from './queries/search-comments.js';
export type { ImpactMeasure } from './queries/theme-score-sums.js';
export { type EnrichmentWrite, writeEnrichments } from './queries/write-enrichments.js';
export {
  getTaxonomy,
  getTextOptions,
  getTextRun,
  getVerbatims,
  listTextRuns,
  MAX_DISCOVERY_COMMENTS,
  saveTaxonomy,
  searchTextComments,
  setKeepOriginalText,
  startRerun,
  startTraining,
  suggestThemes,
  tagFeedbackThemes,
} from './service.js';
export { getThemeImpact, getThemeVolumeTrend, type ThemeAspect, type ThemeImpactRow } from './themes.js';
export { MAX_TRAINING_ROWS, THEME_MODEL_MIN_F1, type TrainOptions } from './train.js';
