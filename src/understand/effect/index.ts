// Measured effects of initiatives: treated vs control feedback around a start date, by DiD or ITS, with power and verdict.
export {
  type DayCell,
  EFFECT_METRICS,
  type EffectInterval,
  type EffectMetric,
  type EffectReport,
  type EffectRequest,
  formatDay,
  type GroupSummary,
  type MeasuredMetric,
  measureEffect,
  metricValue,
  parseDay,
  periodOf,
  type SeriesPoint,
  type ShareMetric,
} from './measure.js';
