// Score summaries: NPS, CSAT, CES and ratings per time bucket and group, each with n and a 95% interval.
export { getGroupNames } from './group-names.js';
export { getScoreOverview, type ScoreOverview } from './overview.js';
export { type Score, type SubScore, scoreFromSums } from './score.js';
export {
  type Bucket,
  getScoreSlice,
  getScoreSummary,
  groupName,
  type ScoreSummary,
  type SliceBucket,
} from './summary.js';
