// The dashboard overview's scores in one call: NPS, CSAT and CES per time bucket (each `overall` is the
// headline), and the three and ratings by touchpoint, each as `getScoreSummary` answers it.
import type { Sql } from '../../platform/db/index.js';
import type { EngineChoice, Metric, SliceFilter, TimeBucket } from '../sums/index.js';
import { getScoreSummary, type ScoreSummary } from './summary.js';

/** What the overview shows. */
export interface ScoreOverview {
  trend: { nps: ScoreSummary; csat: ScoreSummary; ces: ScoreSummary };
  byTouchpoint: { nps: ScoreSummary; csat: ScoreSummary; ces: ScoreSummary; rating: ScoreSummary };
}

/** The seven summaries of the overview, computed side by side. */
export async function getScoreOverview(
  sql: Sql,
  orgId: string,
  q: {
    interval: TimeBucket;
    timeZone?: string | undefined;
    filter: SliceFilter;
    minN?: number | undefined;
    engine?: EngineChoice | undefined;
  },
): Promise<ScoreOverview> {
  const common = { timeZone: q.timeZone, filter: q.filter, minN: q.minN, engine: q.engine };
  const trend = (metric: Metric) => getScoreSummary(sql, orgId, { metric, interval: q.interval, ...common });
  const byTouchpoint = (metric: Metric) =>
    getScoreSummary(sql, orgId, { metric, groupBy: 'touchpoint', ...common });
  const [nps, csat, ces, npsTp, csatTp, cesTp, ratingTp] = await Promise.all([
    trend('nps'),
    trend('csat'),
    trend('ces'),
    byTouchpoint('nps'),
    byTouchpoint('csat'),
    byTouchpoint('ces'),
    byTouchpoint('rating'),
  ]);
  return {
    trend: { nps, csat, ces },
    byTouchpoint: { nps: npsTp, csat: csatTp, ces: cesTp, rating: ratingTp },
  };
}
