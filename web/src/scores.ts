// Small helpers over score answers shared by the analysis pages.

import type * as api from '../../src/shared/api/index.js';
import { type Filters, filterBounds } from './filters.js';
import type { Bucket, ScoreSummary } from './types.js';

/** Buckets of a grouped summary by group id. */
export function byGroup(summary: ScoreSummary | undefined): Map<string, Bucket> {
  const map = new Map<string, Bucket>();
  for (const bucket of summary?.buckets ?? []) if (bucket.group) map.set(bucket.group.id, bucket);
  return map;
}

/** Buckets of a grouped trend (groupBy and interval) by group id, each list sorted by period. */
export function seriesByGroup(summary: ScoreSummary | undefined): Map<string, Bucket[]> {
  const map = new Map<string, Bucket[]>();
  for (const bucket of summary?.buckets ?? []) {
    if (!bucket.group) continue;
    const list = map.get(bucket.group.id) ?? [];
    list.push(bucket);
    map.set(bucket.group.id, list);
  }
  for (const list of map.values()) list.sort((a, b) => (a.period ?? '').localeCompare(b.period ?? ''));
  return map;
}

/** The period movers compare with the one before it: the filters' period, or the last 90 days for all time. */
export function moversPeriod(filters: Filters, now: Date = new Date()): { from: string; to: string } {
  const bounds = filterBounds(filters, now);
  // Whole UTC days, so the same view asks the same question (and the cache answers it) all day.
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return {
    from: bounds.from ?? new Date(tomorrow - 91 * 86_400_000).toISOString(),
    to: bounds.to ?? new Date(tomorrow).toISOString(),
  };
}

/** Body of `/api/v1/analytics/movers`. */
export type MoversAnswer = api.Movers;
