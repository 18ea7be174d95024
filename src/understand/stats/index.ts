// Pure CX statistics: scores with intervals, comparisons, multiplicity, key drivers and gaps (no I/O).

export {
  brierScore,
  type Calibration,
  type CalibrationBin,
  calibrationTable,
  logLoss,
  rocAuc,
} from './classification.js';
export {
  adjustBh,
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  rejectBh,
} from './compare.js';
export { type Correlation, pearsonCorrelation } from './correlation.js';
export { pNormalTwoSided, pStudentTwoSided, tCritical, zCritical } from './distributions.js';
export {
  allSubsetsR2,
  analyseDrivers,
  type CorrelationMoments,
  correlationMoments,
  type DriverAnalysis,
  type DriverColumn,
  type DriverImportance,
  type DriverOptions,
  MAX_EXACT_DRIVERS,
  type MissingPolicy,
  momentsFromPairSums,
  type RelativeWeights,
  relativeWeightsFromCorrelation,
  shapleyFromCorrelation,
  shapleyFromSubsets,
} from './drivers.js';
export {
  addMoments,
  type DidResult,
  didPower,
  type EffectCell,
  type EffectEstimate,
  type EffectOutcome,
  type EffectPower,
  type EffectVerdict,
  effectVerdict,
  estimateDid,
  estimateIts,
  type ItsResult,
  MDE_FACTOR,
  neweyWestLags,
  npsPointMoments,
} from './effect.js';
export {
  analyseDeliveryGap,
  classifyImportancePerformance,
  type DeliveryGap,
  type DeliveryGapClass,
  type DeliveryGapItem,
  type ExpectationGap,
  type GapItem,
  type IpaPoint,
  type IpaQuadrant,
  summariseExpectationGap,
} from './gaps.js';
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
export { type SparseRows, sparsePairwiseMoments } from './sparse-moments.js';
export {
  compareSubgroupNps,
  type Dispositions,
  responseRateRr1,
  responseRateRr2,
  responseRateRr3,
  type SubgroupBias,
} from './survey.js';
export { linearTrend, npsMoments, type Trend } from './trend.js';
export type { ConfidenceInterval, MomentSums, NpsCounts, ProportionCounts, SummaryOptions } from './types.js';
