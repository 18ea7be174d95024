// Every report `northstar analyze` can produce.
import type { CompareReport } from './compare.js';
import type { DeliveryGapReport } from './delivery-gap.js';
import type { DriverReport } from './drivers.js';
import type { ExpectationGapReport } from './expectation-gap.js';
import type { IpaReport } from './ipa.js';
import type { ScoreReport } from './scores.js';

/** Every report `analyze` can produce. */
export type AnalyzeReport =
  | ScoreReport
  | CompareReport
  | DriverReport
  | IpaReport
  | ExpectationGapReport
  | DeliveryGapReport;
