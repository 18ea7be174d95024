// Analyses of CSV exports without a server: read a file, run a statistics-module analysis, render a table.
export {
  type AnalyzeReport,
  analyseCompare,
  analyseDeliveryGapInTable,
  analyseDriversInTable,
  analyseExpectationGap,
  analyseIpa,
  analyseScores,
  type CompareReport,
  type CompareRequest,
  type CompareRow,
  type DeliveryGapReport,
  type DeliveryGapRequest,
  type DriverReport,
  type DriverRequest,
  type ExpectationGapReport,
  type ExpectationGapRequest,
  type IpaReport,
  METRICS,
  type Metric,
  type ScoreReport,
  type ScoreRequest,
  type ScoreRow,
} from './analyses.js';
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
  analyseEffectInTable,
  type EffectTableReport,
  type EffectTableRequest,
  formatEffect,
} from './effect.js';
export { fmt, formatReport, renderTable } from './format.js';
