// What the organisation has set up: journeys, touchpoints and surveys. Many pages and the filter bar
// read them; the query cache makes it one request each.
import { useApi } from './query.js';
import type { Journey, SurveySummary, Touchpoint } from './types.js';

export interface Catalogue {
  journeys: Journey[];
  touchpoints: Touchpoint[];
  surveys: SurveySummary[];
  /** Channels named on touchpoints, sorted. */
  channels: string[];
  loading: boolean;
}

/** Journeys, touchpoints and surveys of the organisation. */
export function useCatalogue(): Catalogue {
  const journeys = useApi<{ items: Journey[] }>('/api/v1/journeys');
  const touchpoints = useApi<{ items: Touchpoint[] }>('/api/v1/touchpoints');
  const surveys = useApi<{ items: SurveySummary[] }>('/api/v1/surveys');
  const tps = touchpoints.data?.items ?? [];
  return {
    journeys: journeys.data?.items ?? [],
    touchpoints: tps,
    surveys: surveys.data?.items ?? [],
    channels: [...new Set(tps.map((tp) => tp.channel).filter((c): c is string => !!c))].sort(),
    loading: journeys.isPending || touchpoints.isPending || surveys.isPending,
  };
}
