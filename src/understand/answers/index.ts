// Survey answers for analysis: the numeric items of a definition and reading their values from answers.
export {
  type AnswerStoreSettings,
  answerStoreStats,
  answerStoreTotals,
  configureAnswerStore,
  DEFAULT_ANSWER_STORE_SETTINGS,
  getStoredAnswers,
  warmAnswerStore,
  warmAnswerStores,
} from './answer-engine.js';
export { type AnswerTable, tableFromRows } from './answer-table.js';
export {
  attributeNumber,
  itemValue,
  localText,
  type NumericItem,
  numericItems,
  type PairItem,
  pairItems,
  pairValue,
} from './items.js';
export { type AnswersEngine, readSurveyAnswers } from './read-answers.js';
export { type AnswerRow, getSurveyAnswers, MAX_RESPONSES } from './survey-answers.js';
export { getSurveyForAnalysis, type SurveyForAnalysis } from './survey-definition.js';
