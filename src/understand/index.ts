// Understand: score summaries and analytics over feedback (statistics live in ./stats, pure).
export { answerStoreTotals, configureAnswerStore, warmAnswerStores } from './answers/index.js';
export * from './compare/index.js';
export * from './drivers/index.js';
export * from './gaps/index.js';
export * from './nonresponse/index.js';
export * from './scores/index.js';
export {
  AnalyticsVersions,
  columnarIndexTotals,
  configureColumnarIndex,
  type Dimension,
  type EngineChoice,
  getAnalyticsVersion,
  getRollupSettings,
  type Metric,
  type RollupSettings,
  type SliceFilter,
  saveRollupSettings,
  type TimeBucket,
  versionAtLeast,
  warmColumnarIndexes,
} from './sums/index.js';
