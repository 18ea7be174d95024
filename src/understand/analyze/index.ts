// Analyses of CSV exports without a server: read a file, run a statistics-module analysis, render a table.
export { analyseCompare, type CompareReport, type CompareRequest, type CompareRow } from './compare.js';
export {
  type CsvOptions,
  type CsvTable,
  columnIndex,
  DEFAULT_MISSING,
  decodeText,
  type NumericColumnOptions,
  numericColumn,
  parseCsv,
  readCsvFile,
  textColumn,
} from './csv.js';
export {
  analyseDeliveryGapInTable,
  type DeliveryGapReport,
  type DeliveryGapRequest,
} from './delivery-gap.js';
export { analyseDriversInTable, type DriverReport, type DriverRequest } from './drivers.js';
export {
  analyseEffectInTable,
  type EffectTableReport,
  type EffectTableRequest,
  formatEffect,
} from './effect.js';
export {
  analyseExpectationGap,
  type ExpectationGapReport,
  type ExpectationGapRequest,
} from './expectation-gap.js';
export { fmt, formatReport, renderTable } from './format.js';
export { analyseIpa, type IpaReport } from './ipa.js';
export { type AnalyzeMetric, METRICS, type ScoreRow } from './metric.js';
export type { AnalyzeReport } from './report.js';
export { analyseScores, type ScoreReport, type ScoreRequest } from './scores.js';
