// Date ranges the dashboard offers; pure, so the end-to-end test computes the same range as the page and
// the server warms the drivers page's default range (`understand/sums/touchpoint-warm.ts`).

/** A preset date range. */
export type RangeKey = '30d' | '90d' | '12m' | 'all';

/** The range the dashboard opens with. */
export const DEFAULT_RANGE: RangeKey = '12m';

/** The ranges in the order the selector shows them, with their labels. */
export const RANGES: readonly { key: RangeKey; label: string; description: string }[] = [
  { key: '30d', label: '30 days', description: 'Last 30 days' },
  { key: '90d', label: '90 days', description: 'Last 90 days' },
  { key: '12m', label: '12 months', description: 'Last 12 months' },
  { key: 'all', label: 'All time', description: 'All time' },
];

/** Whether a string names a range. */
export function isRangeKey(value: string | null): value is RangeKey {
  return value === '30d' || value === '12m' || value === '90d' || value === 'all';
}

/**
 * The `from` bound (ISO 8601, UTC) of a range, or undefined for all time. The upper bound is open (now).
 * Ranges start at UTC midnight so that monthly buckets are whole: "12 months" is the current month and
 * the eleven before it, which makes the trend chart show exactly twelve points.
 */
export function rangeFrom(key: RangeKey, now: Date = new Date()): string | undefined {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  switch (key) {
    case 'all':
      return undefined;
    case '12m':
      return new Date(Date.UTC(year, month - 11, 1)).toISOString();
    case '90d':
      return new Date(Date.UTC(year, month, day - 90)).toISOString();
    case '30d':
      return new Date(Date.UTC(year, month, day - 30)).toISOString();
  }
}

/** Bucket size of the trend for a range: weeks up to 90 days (five to thirteen points), months otherwise. */
export function trendInterval(key: RangeKey): 'week' | 'month' {
  return key === '30d' || key === '90d' ? 'week' : 'month';
}
