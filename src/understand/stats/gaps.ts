// Expectation gaps (P - E), importance-performance quadrants and the internal-vs-customer delivery gap.
import { adjustBh, type Comparison, compareMeans, compareProportions } from './compare.js';
import { type MeanSummary, momentsFromSums, summariseMean } from './scores.js';
import type { MomentSums, ProportionCounts } from './types.js';

/** One attribute's paired gap statistics: sums of d = P - E over respondents who rated both. */
export interface GapItem {
  item: string;
  dimension: string;
  gap: MomentSums;
}

/** Gap summary per item, per dimension and overall. */
export interface ExpectationGap {
  items: Array<{ item: string; dimension: string; gap: MeanSummary }>;
  /** Dimension score = unweighted mean of its items' mean gaps (SERVQUAL scoring). */
  dimensions: Array<{ dimension: string; gap: number | null; items: number; weight: number | null }>;
  /** Mean of the dimension scores. */
  unweighted: number | null;
  /** Sum of weight x dimension score, weights normalised to sum to 1; null without weights. */
  weighted: number | null;
}

/**
 * Expectation gap from paired perception-expectation differences: per item the mean of P - E with a
 * paired t interval, per dimension the mean of item gaps, overall unweighted and importance-weighted
 * (e.g. a 100-point allocation; weights are normalised over dimensions that have a score).
 */
export function summariseExpectationGap(
  items: ReadonlyArray<GapItem>,
  opts: { weights?: Record<string, number>; level?: number } = {},
): ExpectationGap {
  const level = opts.level ?? 0.95;
  const perItem = items.map((i) => ({
    item: i.item,
    dimension: i.dimension,
    gap: summariseMean(i.gap, { level }),
  }));
  const order: string[] = [];
  const byDim = new Map<string, number[]>();
  for (const i of perItem) {
    if (!byDim.has(i.dimension)) {
      byDim.set(i.dimension, []);
      order.push(i.dimension);
    }
    if (i.gap.mean !== null) byDim.get(i.dimension)?.push(i.gap.mean);
  }
  const dimensions = order.map((dimension) => {
    const gaps = byDim.get(dimension) ?? [];
    return {
      dimension,
      gap: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null,
      items: gaps.length,
      weight: opts.weights ? (opts.weights[dimension] ?? 0) : null,
    };
  });
  const scored = dimensions.filter((d) => d.gap !== null);
  const unweighted = scored.length ? scored.reduce((a, d) => a + (d.gap as number), 0) / scored.length : null;
  let weighted: number | null = null;
  if (opts.weights) {
    const total = scored.reduce((a, d) => a + (d.weight ?? 0), 0);
    if (total > 0) weighted = scored.reduce((a, d) => a + ((d.weight ?? 0) / total) * (d.gap as number), 0);
  }
  return { items: perItem, dimensions, unweighted, weighted };
}

/** Importance-performance quadrant names (Martilla & James 1977). */
export type IpaQuadrant = 'concentrate here' | 'keep up the good work' | 'low priority' | 'possible overkill';

/** One item placed on the importance-performance map. */
export interface IpaPoint {
  id: string;
  importance: number;
  performance: number;
  quadrant: IpaQuadrant;
}

/**
 * Importance-performance map with crosshairs at the means of importance and performance (or given
 * values). A value equal to its crosshair counts as high. High importance + low performance =
 * 'concentrate here'; high + high = 'keep up the good work'; low + low = 'low priority';
 * low importance + high performance = 'possible overkill'.
 */
export function classifyImportancePerformance(
  items: ReadonlyArray<{ id: string; importance: number; performance: number }>,
  crosshair: { importance?: number; performance?: number } = {},
): { importanceCrosshair: number | null; performanceCrosshair: number | null; points: IpaPoint[] } {
  if (items.length === 0) return { importanceCrosshair: null, performanceCrosshair: null, points: [] };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ic = crosshair.importance ?? mean(items.map((i) => i.importance));
  const pc = crosshair.performance ?? mean(items.map((i) => i.performance));
  const points = items.map((i) => {
    const hiI = i.importance >= ic;
    const hiP = i.performance >= pc;
    const quadrant: IpaQuadrant = hiI
      ? hiP
        ? 'keep up the good work'
        : 'concentrate here'
      : hiP
        ? 'possible overkill'
        : 'low priority';
    return { ...i, quadrant };
  });
  return { importanceCrosshair: ic, performanceCrosshair: pc, points };
}

/** Classification of an internal-vs-customer item gap. */
export type DeliveryGapClass = 'over-estimated' | 'under-estimated' | 'aligned';

/** One item of a mirror survey: what the company believes customers rate vs what customers rate. */
export interface DeliveryGapItem {
  item: string;
  internal: MomentSums;
  customer: MomentSums;
}

/** Result of `analyseDeliveryGap`. */
export interface DeliveryGap {
  items: Array<{
    item: string;
    internalMean: number | null;
    customerMean: number | null;
    /** Welch test of internal - customer. */
    test: Comparison;
    /** Benjamini-Hochberg adjusted p-value across the items. */
    pAdjusted: number | null;
    classification: DeliveryGapClass;
  }>;
  /** Share claiming a superior experience, internal vs customer (percent), two-proportion z test. */
  headline: { internal: number | null; customer: number | null; test: Comparison } | null;
}

/**
 * Delivery gap (Bain; SERVQUAL gap 1): per item a Welch t test of internal vs customer means with BH
 * adjustment; an item is over-estimated when the adjusted p <= q and the company rates it higher than
 * customers do, under-estimated when lower, aligned otherwise. The headline compares the share of the
 * company saying it delivers a superior experience with the share of customers who say so.
 */
export function analyseDeliveryGap(
  items: ReadonlyArray<DeliveryGapItem>,
  opts: {
    superior?: { internal: ProportionCounts; customer: ProportionCounts };
    q?: number;
    level?: number;
  } = {},
): DeliveryGap {
  const q = opts.q ?? 0.05;
  const level = opts.level ?? 0.95;
  const tests = items.map((i) => compareMeans(i.internal, i.customer, { level }));
  const adjusted = adjustBh(tests.map((t) => t.p));
  const mean = (s: MomentSums) => momentsFromSums(s).mean;
  const out = items.map((i, k) => {
    const test = tests[k] as Comparison;
    const pAdjusted = adjusted[k] ?? null;
    const significant = pAdjusted !== null && pAdjusted <= q && test.difference !== null;
    const classification: DeliveryGapClass = !significant
      ? 'aligned'
      : (test.difference as number) > 0
        ? 'over-estimated'
        : 'under-estimated';
    return {
      item: i.item,
      internalMean: mean(i.internal),
      customerMean: mean(i.customer),
      test,
      pAdjusted,
      classification,
    };
  });
  const s = opts.superior;
  const share = (c: ProportionCounts) => (c.n > 0 ? (100 * c.successes) / c.n : null);
  const headline = s
    ? {
        internal: share(s.internal),
        customer: share(s.customer),
        test: compareProportions(s.internal, s.customer, { level }),
      }
    : null;
  return { items: out, headline };
}
