// Loads everything the overview shows for one date range: scores per metric, monthly trends,
// scores by touchpoint, and the journey map that orders the touchpoints.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './api.js';
import { type RangeKey, rangeFrom, trendInterval } from './range.js';
import type { Journey, Metric, ScoreSummary, Touchpoint } from './types.js';

export const METRICS: readonly Metric[] = ['nps', 'csat', 'ces'];

/** What the overview draws, per metric. */
export interface OverviewData {
  overall: Record<Metric, ScoreSummary>;
  /** Buckets by week or month, as `trendInterval` chooses for the range. */
  trend: Record<Metric, ScoreSummary>;
  trendInterval: 'week' | 'month';
  byTouchpoint: Record<Metric, ScoreSummary>;
  journeys: Journey[];
  touchpoints: Touchpoint[];
}

/** Loading state; the previous data stays on screen while a new range loads. */
export interface OverviewState {
  data: OverviewData | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

async function loadAll(range: RangeKey, signal: AbortSignal): Promise<OverviewData> {
  const from = rangeFrom(range);
  const perMetric = (query: { interval?: 'week' | 'month'; groupBy?: 'touchpoint' }) =>
    Promise.all(METRICS.map((metric) => api.scores({ metric, ...query, ...(from ? { from } : {}) }, signal)));
  const [overall, trend, byTouchpoint, journeys, touchpoints] = await Promise.all([
    perMetric({}),
    perMetric({ interval: trendInterval(range) }),
    perMetric({ groupBy: 'touchpoint' }),
    api.journeys(signal),
    api.touchpoints(signal),
  ]);
  const byMetric = (list: ScoreSummary[]) =>
    Object.fromEntries(METRICS.map((metric, i) => [metric, list[i]])) as Record<Metric, ScoreSummary>;
  return {
    overall: byMetric(overall),
    trend: byMetric(trend),
    trendInterval: trendInterval(range),
    byTouchpoint: byMetric(byTouchpoint),
    journeys: journeys.items,
    touchpoints: touchpoints.items,
  };
}

/** Loads the overview for a range; calls `onUnauthorised` when the session has ended. */
export function useOverview(range: RangeKey, onUnauthorised: () => void): OverviewState {
  const [data, setData] = useState<OverviewData | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is a reload trigger.
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    loadAll(range, controller.signal)
      .then((loaded) => {
        setData(loaded);
        setLoading(false);
      })
      .catch((caught: unknown) => {
        if (controller.signal.aborted) return;
        if (caught instanceof ApiError && caught.status === 401) {
          onUnauthorised();
          return;
        }
        setError(caught instanceof Error ? caught.message : 'The overview could not be loaded.');
        setLoading(false);
      });
    return () => controller.abort();
  }, [range, attempt, onUnauthorised]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, loading, error, reload };
}
