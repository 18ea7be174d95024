// The global filters: date range, journey, touchpoint, survey and channel, kept in the address so that
// any view can be shared or bookmarked. Pure: parsing, writing and the API parameters they give.
import { DEFAULT_RANGE, isRangeKey, RANGES, type RangeKey, rangeFrom, trendInterval } from './range.js';

/** The filters of a view. Dates are `YYYY-MM-DD` (UTC days), both ends included. */
export interface Filters {
  range: RangeKey | 'custom';
  from: string | null;
  to: string | null;
  journey: string | null;
  touchpoint: string | null;
  survey: string | null;
  channel: string | null;
}

export const NO_FILTERS: Filters = {
  range: DEFAULT_RANGE,
  from: null,
  to: null,
  journey: null,
  touchpoint: null,
  survey: null,
  channel: null,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID_KEYS = ['journey', 'touchpoint', 'survey', 'channel'] as const;

/** Reads the filters from a query string; anything malformed is ignored. */
export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name);
    return value && DAY.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
  };
  const from = day('from');
  const to = day('to');
  const rangeParam = params.get('range');
  const range: Filters['range'] = from || to ? 'custom' : isRangeKey(rangeParam) ? rangeParam : DEFAULT_RANGE;
  const filters: Filters = {
    ...NO_FILTERS,
    range,
    from: range === 'custom' ? from : null,
    to: range === 'custom' ? to : null,
  };
  for (const key of ID_KEYS) {
    const value = params.get(key)?.trim();
    filters[key] = value ? value.slice(0, 200) : null;
  }
  return filters;
}

/**
 * Writes the filters into a query string, keeping the other parameters of `search` (a page's own state,
 * such as a search term); defaults are left out so the plain path stays plain.
 */
export function writeFilters(filters: Filters, search = ''): string {
  const params = new URLSearchParams(search);
  for (const key of ['range', 'from', 'to', ...ID_KEYS]) params.delete(key);
  if (filters.range === 'custom') {
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
  } else if (filters.range !== DEFAULT_RANGE) params.set('range', filters.range);
  for (const key of ID_KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The ISO bounds of the filters' period: `from` included, `to` excluded (the day after the last day). */
export function filterBounds(filters: Filters, now: Date = new Date()): { from?: string; to?: string } {
  if (filters.range !== 'custom') {
    const from = rangeFrom(filters.range, now);
    return from ? { from } : {};
  }
  const bounds: { from?: string; to?: string } = {};
  if (filters.from) bounds.from = new Date(`${filters.from}T00:00:00Z`).toISOString();
  if (filters.to) bounds.to = new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000).toISOString();
  return bounds;
}

/** A sentence describing the period: "Last 12 months", "1 Mar 2026 to 31 May 2026". */
export function describePeriod(filters: Filters): string {
  if (filters.range !== 'custom') return RANGES.find((r) => r.key === filters.range)?.description ?? '';
  const day = (value: string) =>
    new Date(`${value}T00:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  if (filters.from && filters.to) return `${day(filters.from)} to ${day(filters.to)}`;
  if (filters.from) return `Since ${day(filters.from)}`;
  if (filters.to) return `Until ${day(filters.to)}`;
  return 'All time';
}

/** The score endpoint's parameters for the filters (`/api/v1/scores`, `/api/v1/analytics/*`). */
export function scoreFilterParams(filters: Filters, now?: Date): Record<string, string | undefined> {
  return {
    ...filterBounds(filters, now),
    journey: filters.journey ?? undefined,
    touchpoint: filters.touchpoint ?? undefined,
    survey: filters.survey ?? undefined,
    channel: filters.channel ?? undefined,
  };
}

/** How many filters beyond the period are set. */
export function activeFilterCount(filters: Filters): number {
  return ID_KEYS.filter((key) => filters[key]).length;
}

/** Bucket size of trends for the filters' period: weeks up to about 120 days, months beyond. */
export function filterInterval(filters: Filters, now: Date = new Date()): 'week' | 'month' {
  if (filters.range !== 'custom') return trendInterval(filters.range);
  const from = filters.from ? Date.parse(`${filters.from}T00:00:00Z`) : Number.NEGATIVE_INFINITY;
  const to = filters.to ? Date.parse(`${filters.to}T00:00:00Z`) : now.getTime();
  return to - from <= 120 * 86_400_000 ? 'week' : 'month';
}
