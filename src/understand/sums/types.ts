// Shapes shared by the sufficient-statistics queries: metrics, dimensions, filters and per-bucket sums.

import type { Metric } from '../../shared/api/analytics.js';

/** The metrics analytics can summarise (one type, from the API contract). */
export type { Metric };
/** Time buckets. */
export type TimeBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** Dimensions that are columns of feedback. */
export type ColumnDimension = 'survey' | 'touchpoint' | 'stage' | 'journey' | 'channel';
/** Any dimension: a column, a contact attribute (`attr.<name>`) or a response metadata key (`meta.<name>`). */
export type Dimension = ColumnDimension | `attr.${string}` | `meta.${string}`;

/** Column dimensions in a fixed order. */
export const COLUMN_DIMENSIONS: readonly ColumnDimension[] = [
  'survey',
  'touchpoint',
  'stage',
  'journey',
  'channel',
];

/** Filters combined with AND; each equality compares the dimension's value as text. */
export interface SliceFilter {
  equals?: ReadonlyArray<{ dimension: Dimension; value: string }> | undefined;
  /** Inclusive start. */
  from?: Date | undefined;
  /** Exclusive end. */
  to?: Date | undefined;
  /** Only feedback with (true) or without (false) a comment. */
  hasText?: boolean | undefined;
}

/**
 * Sufficient statistics of one bucket for one metric. NPS: hi/mid/lo = promoters/passives/detractors,
 * sum/sumSquares of the +1/0/-1 codes. CSAT: hi = top-2-box (4-5). CES: hi = answers 5-7. Rating
 * (normalised 0..1): hi = top box (1). sum and sumSquares are of the answers themselves.
 */
export interface Sums {
  n: number;
  hi: number;
  mid: number;
  lo: number;
  sum: number;
  sumSquares: number;
  /** The value `sum` and `sumSquares` are taken about (numerical stability); 0 when absent. */
  shift?: number;
}

/** Sums of one time bucket and group. `groups[i]` is the key of `groupBy[i]` (null: none). */
export interface SumsRow extends Sums {
  period: string | null;
  groups: Array<string | null>;
}

/** Which store answered a query. */
export type Engine = 'rollup' | 'raw' | 'index';

/** The question a sums query answers. */
export interface SumsQuery {
  metric: Metric;
  interval?: TimeBucket | undefined;
  timeZone: string;
  groupBy: readonly Dimension[];
  filter: SliceFilter;
}

/** Zero sums. */
export function emptySums(): Sums {
  return { n: 0, hi: 0, mid: 0, lo: 0, sum: 0, sumSquares: 0 };
}

/** Add b into a (sufficient statistics add up). */
export function addSums(a: Sums, b: Sums): Sums {
  a.n += b.n;
  a.hi += b.hi;
  a.mid += b.mid;
  a.lo += b.lo;
  a.sum += b.sum;
  a.sumSquares += b.sumSquares;
  return a;
}

/** a - b: the rest of a whole once a part is taken out. */
export function subtractSums(a: Sums, b: Sums): Sums {
  return {
    n: a.n - b.n,
    hi: a.hi - b.hi,
    mid: a.mid - b.mid,
    lo: a.lo - b.lo,
    sum: a.sum - b.sum,
    sumSquares: a.sumSquares - b.sumSquares,
  };
}

/** Whether a dimension is a contact attribute or metadata key rather than a column. */
export function isSegmentDimension(d: Dimension): d is `attr.${string}` | `meta.${string}` {
  return d.startsWith('attr.') || d.startsWith('meta.');
}

/** The name pattern of attribute and metadata keys. */
export const SEGMENT_KEY = /^(attr|meta)\.([a-zA-Z][a-zA-Z0-9_]{0,62})$/;
