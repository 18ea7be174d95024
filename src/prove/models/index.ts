// Pure models of the prove module: churn risk (gradient-boosted trees, logistic baseline) and value by loyalty group (no I/O).
export {
  CHURN_MODEL_VERSION,
  type ChurnImportance,
  type ChurnModel,
  type ChurnReason,
  type ChurnReport,
  type ChurnRequest,
  type ChurnScore,
  checkChurnModel,
  featureColumns,
  type RiskBand,
  readOutcome,
  riskBand,
  scoreChurn,
  stratifiedFolds,
  trainChurn,
} from './churn.js';
export {
  type ColumnEncoding,
  encodeRows,
  type FeatureEncoding,
  learnEncoding,
  rowOf,
  type StringTable,
} from './features.js';
export {
  binColumns,
  type Columns,
  type GbdtModel,
  type GbdtOptions,
  type GbdtTree,
  gbdtContributions,
  gbdtMargin,
  gbdtPredict,
  trainGbdt,
} from './gbdt.js';
export {
  fitLogistic,
  type LogisticModel,
  type LogisticOptions,
  logisticMargin,
  logisticPredict,
} from './logistic.js';
export {
  analyseValue,
  type Bounds,
  GROUPS,
  groupOf,
  readBinary,
  VALUE_METRICS,
  type ValueByGroup,
  type ValueDifference,
  type ValueGroup,
  type ValueMetric,
} from './value.js';
