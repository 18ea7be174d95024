// Pure CX statistics: scores with intervals, comparisons, multiplicity, key drivers and gaps (no I/O).
export {
  adjustBh,
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  rejectBh,
} from './compare.js';
export { pNormalTwoSided, pStudentTwoSided, tCritical, zCritical } from './distributions.js';
export {
  type MeanSummary,
  momentsFromSums,
  type NpsEstimate,
  type NpsIntervalMethod,
  type NpsShares,
  type NpsSummary,
  npsInterval,
  type ProportionIntervalMethod,
  type ProportionSummary,
  proportionInterval,
  sumMoments,
  summariseMean,
  summariseNps,
  summariseProportion,
} from './scores.js';
export type { Interval, MomentSums, NpsCounts, ProportionCounts, SummaryOptions } from './types.js';
