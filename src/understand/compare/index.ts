// Comparisons: this period vs the previous one, each segment vs the rest, A vs B; BH when many at once; top movers.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import { getGroupNames, groupName, type Score, scoreFromSums } from '../scores/index.js';
import { adjustBh, type Comparison, compareMeans, compareNps, compareProportions } from '../stats/index.js';
import {
  addSums,
  type Dimension,
  type Engine,
  type EngineChoice,
  emptySums,
  getSums,
  type Metric,
  type SliceFilter,
  type Sums,
  subtractSums,
} from '../sums/index.js';

/** One comparison a - b, in the metric's reporting unit, with its test. */
export interface ScoreComparison {
  a: Score;
  b: Score;
  /** a - b: NPS points, CSAT percentage points, CES on its scale, rating in points of percent of scale. */
  difference: number | null;
  ci: { low: number; high: number; level: number } | null;
  se: number | null;
  statistic: number | null;
  df: number | null;
  p: number | null;
  /** Benjamini-Hochberg adjusted p across the comparisons made together (equals p when alone). */
  pAdjusted: number | null;
  /** Whether the difference is real at the chosen false-discovery rate (alpha when alone). */
  significant: boolean;
  method: string;
}

/** A labelled comparison within a set. */
export interface LabelledComparison extends ScoreComparison {
  group: { id: string | null; name: string } | null;
}

/** Result of a comparison request. */
export interface ComparisonResult {
  metric: Metric;
  mode: 'previous' | 'segments' | 'ab';
  by: Dimension | null;
  /** The periods compared (previous mode). */
  periods: { a: { from: string; to: string }; b: { from: string; to: string } } | null;
  /** False-discovery rate (or alpha) used for `significant`. */
  q: number;
  engine: Engine;
  /** Number of comparisons tested together (the m of Benjamini-Hochberg). */
  tested: number;
  comparisons: LabelledComparison[];
}

/** Test a - b for a metric from their sufficient statistics (the only place metrics meet the tests). */
export function compareSums(metric: Metric, a: Sums, b: Sums): Comparison {
  if (metric === 'nps') {
    return compareNps(
      { promoters: a.hi, passives: a.mid, detractors: a.lo },
      { promoters: b.hi, passives: b.mid, detractors: b.lo },
    );
  }
  if (metric === 'csat') return compareProportions({ successes: a.hi, n: a.n }, { successes: b.hi, n: b.n });
  const c = compareMeans(
    { n: a.n, sum: a.sum, sumSquares: a.sumSquares },
    { n: b.n, sum: b.sum, sumSquares: b.sumSquares },
  );
  if (metric === 'ces') return c;
  // Ratings are reported in percent of the scale: scale the difference, not the test.
  const x100 = (v: number | null) => (v === null ? null : 100 * v);
  return {
    ...c,
    difference: x100(c.difference),
    se: x100(c.se),
    ci: c.ci && { low: 100 * c.ci.low, high: 100 * c.ci.high, level: c.ci.level },
  };
}

/** Build comparisons with BH-adjusted p-values and the `significant` flag. */
export function withAdjustment(
  metric: Metric,
  pairs: Array<{ group: LabelledComparison['group']; a: Sums; b: Sums }>,
  opts: { q: number; minN: number },
): LabelledComparison[] {
  const tests = pairs.map((p) => compareSums(metric, p.a, p.b));
  const adjusted = adjustBh(tests.map((t) => t.p));
  return pairs.map((p, i) => {
    const t = tests[i] as Comparison;
    const pAdjusted = adjusted[i] ?? null;
    return {
      group: p.group,
      a: scoreFromSums(metric, p.a, opts.minN),
      b: scoreFromSums(metric, p.b, opts.minN),
      difference: t.difference,
      ci: t.ci,
      se: t.se,
      statistic: t.statistic,
      df: t.df,
      p: t.p,
      pAdjusted,
      significant: pAdjusted !== null && pAdjusted <= opts.q,
      method: t.method,
    };
  });
}

/** What to compare. */
export interface CompareQuery {
  metric: Metric;
  mode: 'previous' | 'segments' | 'ab';
  /** previous: compare per value of this dimension (optional); segments: required. */
  by?: Dimension | undefined;
  filter: SliceFilter;
  /** ab: the two sides' own filters, each combined with `filter`. */
  a?: SliceFilter | undefined;
  b?: SliceFilter | undefined;
  timeZone: string;
  q?: number | undefined;
  minN?: number | undefined;
  engine?: EngineChoice | undefined;
}

type Keyed = Map<string | null, Sums>;

/** The engine to report for two reads: a scan if either scanned, else the index if either used it. */
function slowest(a: Engine, b: Engine): Engine {
  return a === 'raw' || b === 'raw' ? 'raw' : a === 'index' || b === 'index' ? 'index' : 'rollup';
}

async function sumsBy(
  sql: Sql,
  orgId: string,
  cq: CompareQuery,
  filter: SliceFilter,
): Promise<{ engine: Engine; total: Sums; byKey: Keyed }> {
  const { engine, rows } = await getSums(
    sql,
    orgId,
    { metric: cq.metric, timeZone: cq.timeZone, groupBy: cq.by ? [cq.by] : [], filter },
    cq.engine,
  );
  const total = emptySums();
  const byKey: Keyed = new Map();
  for (const r of rows) {
    addSums(total, r);
    byKey.set(r.groups[0] ?? null, r);
  }
  return { engine, total, byKey };
}

/** The period of the same length just before [from, to). */
export function previousPeriod(from: Date, to: Date): { from: Date; to: Date } {
  const len = to.getTime() - from.getTime();
  return { from: new Date(from.getTime() - len), to: from };
}

/**
 * Compare scores. previous: [from, to) vs the period of the same length before it (per value of `by`
 * when given); segments: each value of `by` vs the rest of the same filter; ab: side a vs side b. When
 * several comparisons are made at once, p-values are Benjamini-Hochberg adjusted and `significant`
 * holds at false-discovery rate q (default 0.05).
 */
export async function compareScores(sql: Sql, orgId: string, cq: CompareQuery): Promise<ComparisonResult> {
  const q = cq.q ?? 0.05;
  const minN = cq.minN ?? 30;
  const names = cq.by ? await getGroupNames(sql, orgId, cq.by) : new Map<string, string>();
  const label = (key: string | null) => (cq.by ? { id: key, name: groupName(names, key) } : null);
  const base = { metric: cq.metric, mode: cq.mode, by: cq.by ?? null, q };
  if (cq.mode === 'previous') {
    const { from, to } = cq.filter;
    if (!from || !to) {
      throw new ValidationError('Comparing with the previous period needs from and to', [
        { name: from ? 'to' : 'from', reason: 'required when mode=previous' },
      ]);
    }
    const prev = previousPeriod(from, to);
    const [cur, old] = await Promise.all([
      sumsBy(sql, orgId, cq, cq.filter),
      sumsBy(sql, orgId, cq, { ...cq.filter, from: prev.from, to: prev.to }),
    ]);
    const keys = cq.by ? [...new Set([...cur.byKey.keys(), ...old.byKey.keys()])].sort(compareKeys) : [null];
    const pairs = keys.map((k) => ({
      group: label(k),
      a: cq.by ? (cur.byKey.get(k) ?? emptySums()) : cur.total,
      b: cq.by ? (old.byKey.get(k) ?? emptySums()) : old.total,
    }));
    return {
      ...base,
      periods: {
        a: { from: from.toISOString(), to: to.toISOString() },
        b: { from: prev.from.toISOString(), to: prev.to.toISOString() },
      },
      engine: slowest(cur.engine, old.engine),
      tested: pairs.length,
      comparisons: withAdjustment(cq.metric, pairs, { q, minN }),
    };
  }
  if (cq.mode === 'segments') {
    if (!cq.by)
      throw new ValidationError('Segments need a dimension', [
        { name: 'by', reason: 'required when mode=segments' },
      ]);
    const all = await sumsBy(sql, orgId, cq, cq.filter);
    const keys = [...all.byKey.keys()].sort(compareKeys);
    const pairs = keys.map((k) => {
      const seg = all.byKey.get(k) ?? emptySums();
      return { group: label(k), a: seg, b: subtractSums(all.total, seg) };
    });
    return {
      ...base,
      periods: null,
      engine: all.engine,
      tested: pairs.length,
      comparisons: withAdjustment(cq.metric, pairs, { q, minN }),
    };
  }
  const merge = (side: SliceFilter | undefined): SliceFilter => ({
    equals: [...(cq.filter.equals ?? []), ...(side?.equals ?? [])],
    from: side?.from ?? cq.filter.from,
    to: side?.to ?? cq.filter.to,
  });
  const [a, b] = await Promise.all([
    sumsBy(sql, orgId, { ...cq, by: undefined }, merge(cq.a)),
    sumsBy(sql, orgId, { ...cq, by: undefined }, merge(cq.b)),
  ]);
  return {
    ...base,
    by: null,
    periods: null,
    engine: slowest(a.engine, b.engine),
    tested: 1,
    comparisons: withAdjustment(cq.metric, [{ group: null, a: a.total, b: b.total }], { q, minN }),
  };
}

/** Top movers: per value of `by`, [from, to) vs the previous period; only BH-significant moves, largest first. */
export async function getTopMovers(
  sql: Sql,
  orgId: string,
  mq: Omit<CompareQuery, 'mode' | 'a' | 'b'> & { by: Dimension; limit?: number | undefined },
): Promise<ComparisonResult & { movers: LabelledComparison[] }> {
  const all = await compareScores(sql, orgId, { ...mq, mode: 'previous' });
  const movers = all.comparisons
    .filter((c) => c.significant)
    .sort((x, y) => Math.abs(y.difference ?? 0) - Math.abs(x.difference ?? 0))
    .slice(0, mq.limit ?? 10);
  return { ...all, comparisons: [], movers };
}

function compareKeys(a: string | null, b: string | null): number {
  return a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
}
