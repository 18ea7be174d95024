// Everything the overview shows for the global filters, in one request (`/api/v1/scores/overview`): per
// metric, the trend (whose `overall` is also the headline score) and the scores by touchpoint; ratings
// by touchpoint too, so touchpoints measured only by ratings (reviews) show their scores.
import { type Filters, filterInterval, scoreFilterParams } from './filters.js';
import { useApi } from './query.js';
import type { Metric, ScoreOverview, ScoreSummary } from './types.js';
import { useCatalogue } from './use-catalogue.js';

/** The metrics of the headline cards and the trend. */
export type HeadlineMetric = 'nps' | 'csat' | 'ces';
export const METRICS: readonly HeadlineMetric[] = ['nps', 'csat', 'ces'];
/** The metrics of the touchpoint table: the three and ratings. */
export const TABLE_METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'rating'];

/** What the overview draws; nulls while the first answer loads. */
export interface OverviewData {
  trend: Record<HeadlineMetric, ScoreSummary> | null;
  trendInterval: 'week' | 'month';
  byTouchpoint: Record<Metric, ScoreSummary> | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

/** Loads the overview for the filters: one score request, plus the catalogue the filter bar shares. */
export function useOverview(filters: Filters): OverviewData {
  const interval = filterInterval(filters);
  const overview = useApi<ScoreOverview>('/api/v1/scores/overview', {
    interval,
    ...scoreFilterParams(filters),
  });
  const catalogue = useCatalogue();
  return {
    trend: overview.data?.trend ?? null,
    trendInterval: interval,
    byTouchpoint: overview.data?.byTouchpoint ?? null,
    loading: overview.isFetching || catalogue.loading,
    error: overview.error ?? null,
    reload: () => {
      void overview.refetch();
    },
  };
}
