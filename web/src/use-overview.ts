// Everything the overview shows for the global filters: per metric, the trend (whose `overall` is also the
// headline score, so the headline needs no request of its own) and the scores by touchpoint; ratings
// by touchpoint too, so touchpoints measured only by ratings (reviews) show their scores.
import { type Filters, filterInterval, scoreFilterParams } from './filters.js';
import { useApi } from './query.js';
import type { Metric, ScoreSummary } from './types.js';
import { useCatalogue } from './use-catalogue.js';

/** The metrics of the headline cards and the trend. */
export type HeadlineMetric = 'nps' | 'csat' | 'ces';
export const METRICS: readonly HeadlineMetric[] = ['nps', 'csat', 'ces'];
/** The metrics of the touchpoint table: the three and ratings. */
export const TABLE_METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

function useScores(metric: Metric, params: Record<string, string | undefined>) {
  return useApi<ScoreSummary>('/api/v1/scores', { metric, ...params });
}

/** What the overview draws; nulls while the first answer loads. */
export interface OverviewData {
  trend: Record<HeadlineMetric, ScoreSummary> | null;
  trendInterval: 'week' | 'month';
  byTouchpoint: Record<Metric, ScoreSummary> | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** Loads the overview for the filters: seven score requests, plus the catalogue the filter bar shares. */
export function useOverview(filters: Filters): OverviewData {
  const params = scoreFilterParams(filters);
  const interval = filterInterval(filters);
  const trend = {
    nps: useScores('nps', { interval, ...params }),
    csat: useScores('csat', { interval, ...params }),
    ces: useScores('ces', { interval, ...params }),
  };
  const byTp = {
    nps: useScores('nps', { groupBy: 'touchpoint', ...params }),
    csat: useScores('csat', { groupBy: 'touchpoint', ...params }),
    ces: useScores('ces', { groupBy: 'touchpoint', ...params }),
    rating: useScores('rating', { groupBy: 'touchpoint', ...params }),
  };
  const catalogue = useCatalogue();
  const all = [...Object.values(trend), ...Object.values(byTp)];
  const trendData =
    trend.nps.data && trend.csat.data && trend.ces.data
      ? { nps: trend.nps.data, csat: trend.csat.data, ces: trend.ces.data }
      : null;
  const byTouchpoint =
    byTp.nps.data && byTp.csat.data && byTp.ces.data && byTp.rating.data
      ? { nps: byTp.nps.data, csat: byTp.csat.data, ces: byTp.ces.data, rating: byTp.rating.data }
      : null;
  return {
    trend: trendData,
    trendInterval: interval,
    byTouchpoint,
    loading: all.some((q) => q.isFetching) || catalogue.loading,
    error: all.find((q) => q.error)?.error ?? null,
    reload: () => {
      for (const q of all) void q.refetch();
    },
  };
}
