// The analyses behind `northstar analyze`: scores, comparisons, drivers, gaps and IPA over a parsed CSV table.
import { ValidationError } from '../../platform/errors/index.js';
import {
  adjustBh,
  analyseDeliveryGap,
  analyseDrivers,
  type Comparison,
  classifyImportancePerformance,
  compareMeans,
  compareNps,
  compareProportions,
  compareSubgroupNps,
  type DeliveryGap,
  type DriverAnalysis,
  type ExpectationGap,
  type IpaQuadrant,
  linearTrend,
  type MissingPolicy,
  type MomentSums,
  type NpsCounts,
  npsMoments,
  type ProportionCounts,
  type SubgroupBias,
  sumMoments,
  summariseExpectationGap,
  summariseMean,
  summariseNps,
  summariseProportion,
} from '../stats/index.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn, textColumn } from './csv.js';

/** Score metrics: NPS (0-10), CSAT top-2-box (1-5), CES mean (1-7), any mean, any top-box share. */
export type Metric = 'nps' | 'csat' | 'ces' | 'mean' | 'top-box';

/** The metrics `analyze` accepts, for flag validation and help. */
export const METRICS: readonly Metric[] = ['nps', 'csat', 'ces', 'mean', 'top-box'];

/** What to score: a column, its metric, optional grouping. */
export interface ScoreRequest {
  column: string;
  metric: Metric;
  /** Group by this column (e.g. a period index for a trend). */
  by?: string;
  /** For top-box: a value >= this counts as a success. */
  topBox?: number;
  /** Compare respondents with a non-empty value in this column (e.g. a comment) against all. */
  commenters?: string;
  level?: number;
  minN?: number;
  missing?: string[];
  /** False-discovery rate for "significant" flags; default 0.05. */
  q?: number;
}

/** Sufficient statistics of one group for the chosen metric. */
type GroupStats =
  | { kind: 'nps'; counts: NpsCounts }
  | { kind: 'proportion'; counts: ProportionCounts; moments: MomentSums }
  | { kind: 'mean'; moments: MomentSums; share?: ProportionCounts };

/** One score row: the estimate with its interval, in the metric's unit (points, percent or scale units). */
export interface ScoreRow {
  group: string;
  n: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  lowN: boolean;
  /** Metric-specific extras: NPS shares (percent), CSAT mean, CES share 5-7 (percent). */
  extra: Record<string, number | null>;
  /** Change from the previous group (in group order), with its BH-adjusted p across all changes. */
  change?: { difference: number | null; p: number | null; pAdjusted: number | null; significant: boolean };
}

/** Result of `analyseScores`. */
export interface ScoreReport {
  analysis: 'scores';
  column: string;
  metric: Metric;
  unit: string;
  method: string;
  level: number;
  overall: ScoreRow;
  by: string | null;
  groups: ScoreRow[];
  /** Least-squares slope per unit of a numeric `by` (e.g. points per period), over the individual rows. */
  trend: { slope: number; low: number; high: number; p: number } | null;
  commenters: (SubgroupBias & { column: string }) | null;
}

const UNIT: Record<Metric, string> = {
  nps: 'points',
  csat: 'percent',
  ces: 'scale',
  mean: 'scale',
  'top-box': 'percent',
};
const METHOD: Record<Metric, string> = {
  nps: 'adjusted-Wald',
  csat: 'Wilson',
  ces: 't',
  mean: 't',
  'top-box': 'Wilson',
};

function metricValues(
  table: CsvTable,
  req: { column: string; metric: Metric; missing?: string[] },
): Float64Array {
  const missing = req.missing ?? DEFAULT_MISSING;
  switch (req.metric) {
    case 'nps':
      return numericColumn(table, req.column, { missing, integer: true, min: 0, max: 10 });
    case 'csat':
      return numericColumn(table, req.column, { missing, integer: true, min: 1, max: 5 });
    case 'ces':
      return numericColumn(table, req.column, { missing, integer: true, min: 1, max: 7 });
    default:
      return numericColumn(table, req.column, { missing });
  }
}

function gather(values: Float64Array, rows: Iterable<number>, metric: Metric, topBox?: number): GroupStats {
  const picked: number[] = [];
  for (const r of rows) {
    const v = values[r] as number;
    if (!Number.isNaN(v)) picked.push(v);
  }
  if (metric === 'nps') {
    const counts = { promoters: 0, passives: 0, detractors: 0 };
    for (const v of picked) {
      if (v >= 9) counts.promoters += 1;
      else if (v >= 7) counts.passives += 1;
      else counts.detractors += 1;
    }
    return { kind: 'nps', counts };
  }
  if (metric === 'csat' || metric === 'top-box') {
    const threshold = metric === 'csat' ? 4 : (topBox as number);
    return {
      kind: 'proportion',
      counts: { successes: picked.filter((v) => v >= threshold).length, n: picked.length },
      moments: sumMoments(picked),
    };
  }
  const moments = sumMoments(picked);
  if (metric === 'ces')
    return {
      kind: 'mean',
      moments,
      share: { successes: picked.filter((v) => v >= 5).length, n: picked.length },
    };
  return { kind: 'mean', moments };
}

function scoreRow(group: string, s: GroupStats, level: number, minN: number): ScoreRow {
  if (s.kind === 'nps') {
    const r = summariseNps(s.counts, { level, minN });
    return {
      group,
      n: r.n,
      estimate: r.score,
      low: r.ci?.low ?? null,
      high: r.ci?.high ?? null,
      lowN: r.lowN,
      extra: {
        promoters: r.shares ? 100 * r.shares.promoters : null,
        passives: r.shares ? 100 * r.shares.passives : null,
        detractors: r.shares ? 100 * r.shares.detractors : null,
      },
    };
  }
  if (s.kind === 'proportion') {
    const r = summariseProportion(s.counts, { level, minN });
    return {
      group,
      n: r.n,
      estimate: r.estimate,
      low: r.ci?.low ?? null,
      high: r.ci?.high ?? null,
      lowN: r.lowN,
      extra: { mean: summariseMean(s.moments).mean },
    };
  }
  const r = summariseMean(s.moments, { level, minN });
  return {
    group,
    n: r.n,
    estimate: r.mean,
    low: r.ci?.low ?? null,
    high: r.ci?.high ?? null,
    lowN: r.lowN,
    extra: s.share ? { 'share 5-7': summariseProportion(s.share).estimate } : {},
  };
}

function compareStats(a: GroupStats, b: GroupStats, level: number): Comparison {
  if (a.kind === 'nps' && b.kind === 'nps') return compareNps(a.counts, b.counts, { level });
  if (a.kind === 'proportion' && b.kind === 'proportion')
    return compareProportions(a.counts, b.counts, { level });
  if (a.kind === 'mean' && b.kind === 'mean') return compareMeans(a.moments, b.moments, { level });
  throw new Error('cannot compare different metrics');
}

/** Order group keys numerically when they all look like numbers (a period index), else as text. */
function groupRows(labels: Array<string | null>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((g, r) => {
    if (g === null) return;
    let list = groups.get(g);
    if (!list) {
      list = [];
      groups.set(g, list);
    }
    list.push(r);
  });
  const keys = [...groups.keys()];
  const numeric = keys.every((k) => Number.isFinite(Number(k)));
  keys.sort(numeric ? (x, y) => Number(x) - Number(y) : (x, y) => x.localeCompare(y));
  return new Map(keys.map((k) => [k, groups.get(k) as number[]]));
}

function checkMetric(req: { metric: Metric; topBox?: number | undefined }): void {
  if (!METRICS.includes(req.metric)) {
    throw new ValidationError(`unknown metric '${req.metric}'; use one of ${METRICS.join(', ')}`, [
      { name: 'metric', reason: 'unknown' },
    ]);
  }
  if (req.metric === 'top-box' && (req.topBox === undefined || !Number.isFinite(req.topBox))) {
    throw new ValidationError('metric top-box needs --top-box <value> (values >= it count as top box)', [
      { name: 'top-box', reason: 'required' },
    ]);
  }
}

const allRows = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Score one column overall and per group, with intervals, changes between groups and commenter bias. */
export function analyseScores(table: CsvTable, req: ScoreRequest): ScoreReport {
  checkMetric(req);
  const level = req.level ?? 0.95;
  const minN = req.minN ?? 30;
  const q = req.q ?? 0.05;
  const values = metricValues(table, req);
  const overall = scoreRow(
    'all',
    gather(values, allRows(values.length), req.metric, req.topBox),
    level,
    minN,
  );
  const groups: ScoreRow[] = [];
  let trend: ScoreReport['trend'] = null;
  if (req.by) {
    const stats: GroupStats[] = [];
    const keys: string[] = [];
    for (const [key, rows] of groupRows(textColumn(table, req.by, req.missing))) {
      const s = gather(values, rows, req.metric, req.topBox);
      stats.push(s);
      keys.push(key);
      groups.push(scoreRow(key, s, level, minN));
    }
    if (keys.length > 1 && keys.every((k) => Number.isFinite(Number(k)))) {
      const scale = req.metric === 'nps' || req.metric === 'csat' || req.metric === 'top-box' ? 100 : 1;
      const fit = linearTrend(
        stats.map((s, i) => {
          const x = Number(keys[i]);
          if (s.kind === 'nps') return { x, ...npsMoments(s.counts) };
          if (s.kind === 'proportion')
            return { x, n: s.counts.n, sum: s.counts.successes, sumSquares: s.counts.successes };
          return { x, ...s.moments };
        }),
        { level },
      );
      if (fit)
        trend = { slope: scale * fit.slope, low: scale * fit.ci.low, high: scale * fit.ci.high, p: fit.p };
    }
    const changes = stats.map((s, i) =>
      i === 0 ? null : compareStats(s, stats[i - 1] as GroupStats, level),
    );
    const adjusted = adjustBh(changes.map((c) => c?.p ?? null));
    groups.forEach((g, i) => {
      const c = changes[i];
      if (!c) return;
      const pAdjusted = adjusted[i] ?? null;
      g.change = {
        difference: c.difference,
        p: c.p,
        pAdjusted,
        significant: pAdjusted !== null && pAdjusted <= q,
      };
    });
  }
  let commenters: ScoreReport['commenters'] = null;
  if (req.commenters) {
    if (req.metric !== 'nps') {
      throw new ValidationError('--commenters works with --metric nps', [
        { name: 'commenters', reason: 'nps only' },
      ]);
    }
    const text = textColumn(table, req.commenters, req.missing);
    const withText = allRows(values.length).filter((r) => text[r] !== null && text[r] !== '');
    const sub = gather(values, withText, 'nps');
    const all = gather(values, allRows(values.length), 'nps');
    if (sub.kind === 'nps' && all.kind === 'nps') {
      commenters = { column: req.commenters, ...compareSubgroupNps(sub.counts, all.counts, { level }) };
    }
  }
  return {
    analysis: 'scores',
    column: req.column,
    metric: req.metric,
    unit: UNIT[req.metric],
    method: METHOD[req.metric],
    level,
    overall,
    by: req.by ?? null,
    groups,
    trend,
    commenters,
  };
}

/** What to compare: a metric across the groups of a column, each vs the rest, or group a vs group b. */
export interface CompareRequest {
  column: string;
  metric: Metric;
  by: string;
  a?: string;
  b?: string;
  topBox?: number;
  level?: number;
  missing?: string[];
  q?: number;
}

/** One comparison row: group vs the other side, difference a - b with CI and BH-adjusted p. */
export interface CompareRow {
  group: string;
  versus: string;
  n: number;
  nOther: number;
  estimate: number | null;
  estimateOther: number | null;
  difference: number | null;
  low: number | null;
  high: number | null;
  p: number | null;
  pAdjusted: number | null;
  significant: boolean;
}

/** Result of `analyseCompare`. */
export interface CompareReport {
  analysis: 'compare';
  column: string;
  metric: Metric;
  unit: string;
  by: string;
  test: string;
  level: number;
  q: number;
  rows: CompareRow[];
}

/**
 * Compare a metric between groups: `a` vs `b` when both are given, otherwise every group vs the rest of
 * the file, with Benjamini-Hochberg control across the comparisons. Tests: adjusted-Wald z for NPS,
 * pooled two-proportion z for CSAT/top-box, Welch t for means.
 */
export function analyseCompare(table: CsvTable, req: CompareRequest): CompareReport {
  checkMetric(req);
  const level = req.level ?? 0.95;
  const q = req.q ?? 0.05;
  const values = metricValues(table, req);
  const groups = groupRows(textColumn(table, req.by, req.missing));
  const pick = (label: string): number[] => {
    const rows = groups.get(label);
    if (!rows) {
      throw new ValidationError(
        `no rows with ${req.by} = '${label}'; values: ${[...groups.keys()].slice(0, 30).join(', ')}`,
        [{ name: req.by, reason: `no group '${label}'` }],
      );
    }
    return rows;
  };
  const pairs: Array<{ group: string; versus: string; rows: number[]; other: number[] }> = [];
  if (req.a !== undefined || req.b !== undefined) {
    if (req.a === undefined || req.b === undefined) {
      throw new ValidationError('give both --a and --b, or neither (each group vs the rest)', [
        { name: req.a === undefined ? 'a' : 'b', reason: 'required with the other' },
      ]);
    }
    pairs.push({ group: req.a, versus: req.b, rows: pick(req.a), other: pick(req.b) });
  } else {
    for (const [key, rows] of groups) {
      const inGroup = new Set(rows);
      const other = allRows(values.length).filter((r) => !inGroup.has(r));
      pairs.push({ group: key, versus: 'rest', rows, other });
    }
  }
  const results = pairs.map((pr) => {
    const sa = gather(values, pr.rows, req.metric, req.topBox);
    const sb = gather(values, pr.other, req.metric, req.topBox);
    return {
      pr,
      ra: scoreRow(pr.group, sa, level, 0),
      rb: scoreRow(pr.versus, sb, level, 0),
      c: compareStats(sa, sb, level),
    };
  });
  const adjusted = adjustBh(results.map((r) => r.c.p));
  const rows = results.map(({ pr, ra, rb, c }, i) => {
    const pAdjusted = adjusted[i] ?? null;
    return {
      group: pr.group,
      versus: pr.versus,
      n: ra.n,
      nOther: rb.n,
      estimate: ra.estimate,
      estimateOther: rb.estimate,
      difference: c.difference,
      low: c.ci?.low ?? null,
      high: c.ci?.high ?? null,
      p: c.p,
      pAdjusted,
      significant: pAdjusted !== null && pAdjusted <= q,
    };
  });
  const test =
    req.metric === 'nps'
      ? 'adjusted-Wald z'
      : req.metric === 'csat' || req.metric === 'top-box'
        ? 'two-proportion z'
        : 'Welch t';
  return {
    analysis: 'compare',
    column: req.column,
    metric: req.metric,
    unit: UNIT[req.metric],
    by: req.by,
    test,
    level,
    q,
    rows,
  };
}

/** What drives an outcome: the outcome column, the driver columns and the coding of missing values. */
export interface DriverRequest {
  outcome: string;
  drivers: string[];
  /** Outcome value (text) that counts as 1, making a binary outcome, e.g. 'satisfied'. */
  positive?: string;
  notApplicable?: number[];
  missingPolicy?: MissingPolicy;
  missing?: string[];
  maxExactDrivers?: number;
}

/** Result of `analyseDriversInTable`: the statistics module's analysis plus ranks and context. */
export interface DriverReport extends DriverAnalysis {
  analysis: 'drivers';
  outcomeColumn: string;
  positive: string | null;
  notApplicable: number[];
  rowsInFile: number;
  /** Driver names by importance, most important first. */
  ranking: string[];
}

/** Key-driver analysis of CSV columns: exact Shapley/LMG and Johnson's weights, with signs and performance. */
export function analyseDriversInTable(table: CsvTable, req: DriverRequest): DriverReport {
  if (req.drivers.length === 0) {
    throw new ValidationError('name at least one driver column', [{ name: 'drivers', reason: 'required' }]);
  }
  const missing = req.missing ?? DEFAULT_MISSING;
  let outcome: Float64Array;
  if (req.positive !== undefined) {
    const text = textColumn(table, req.outcome, missing);
    outcome = Float64Array.from(text, (v) => (v === null ? Number.NaN : v === req.positive ? 1 : 0));
    if (!text.includes(req.positive)) {
      const seen = [...new Set(text.filter((v) => v !== null))].slice(0, 10).join("', '");
      throw new ValidationError(`no row has ${req.outcome} = '${req.positive}'; values include '${seen}'`, [
        { name: 'positive', reason: 'value not found' },
      ]);
    }
  } else {
    outcome = numericColumn(table, req.outcome, { missing });
  }
  const drivers = req.drivers.map((name) => ({ name, values: numericColumn(table, name, { missing }) }));
  const opts = {
    notApplicable: req.notApplicable ?? [],
    missing: req.missingPolicy ?? 'listwise',
    ...(req.maxExactDrivers !== undefined ? { maxExactDrivers: req.maxExactDrivers } : {}),
  };
  let result: DriverAnalysis;
  try {
    result = analyseDrivers(outcome, drivers, opts);
  } catch (err) {
    if (err instanceof RangeError)
      throw new ValidationError(err.message, [{ name: 'drivers', reason: err.message }]);
    throw err;
  }
  const importance = (d: DriverAnalysis['drivers'][number]) => d.shapley ?? d.relativeWeight;
  const ranking = [...result.drivers].sort((x, y) => importance(y) - importance(x)).map((d) => d.name);
  return {
    analysis: 'drivers',
    outcomeColumn: req.outcome,
    positive: req.positive ?? null,
    notApplicable: req.notApplicable ?? [],
    rowsInFile: table.rows.length,
    ranking,
    ...result,
  };
}

/** Result of `analyseIpa`: drivers placed on the importance-performance map. */
export interface IpaReport {
  analysis: 'ipa';
  outcomeColumn: string;
  importance: 'shapley' | 'relative-weights';
  r2: number;
  n: number;
  importanceCrosshair: number | null;
  performanceCrosshair: number | null;
  points: Array<{
    id: string;
    importance: number;
    share: number;
    sign: number;
    performance: number;
    quadrant: IpaQuadrant;
  }>;
}

/**
 * Importance-performance map from derived importance: importance = each driver's share of R² (Shapley,
 * or relative weights), performance = its mean rating; crosshairs at the means.
 */
export function analyseIpa(
  table: CsvTable,
  req: DriverRequest & { importance?: 'shapley' | 'relative-weights' },
): IpaReport {
  const d = analyseDriversInTable(table, req);
  const method = req.importance ?? 'shapley';
  const items = d.drivers
    .filter((x) => !x.constant)
    .map((x) => ({
      id: x.name,
      importance: method === 'shapley' && x.shapley !== null ? x.shapley : x.relativeWeight,
      performance: x.performance,
    }));
  const map = classifyImportancePerformance(items);
  const byName = new Map(d.drivers.map((x) => [x.name, x]));
  return {
    analysis: 'ipa',
    outcomeColumn: req.outcome,
    importance: method,
    r2: d.r2,
    n: d.n,
    importanceCrosshair: map.importanceCrosshair,
    performanceCrosshair: map.performanceCrosshair,
    points: map.points.map((p) => ({
      ...p,
      share: d.r2 > 0 ? p.importance / d.r2 : 0,
      sign: byName.get(p.id)?.sign ?? 0,
    })),
  };
}

/** Expectation gap request: perception/expectation column pairs, optional dimensions and weights. */
export interface ExpectationGapRequest {
  pairs: Array<{ perception: string; expectation: string; dimension?: string }>;
  weights?: Record<string, number>;
  level?: number;
  missing?: string[];
}

/** Result of `analyseExpectationGap`. */
export interface ExpectationGapReport extends ExpectationGap {
  analysis: 'gap';
  kind: 'expectation';
}

/** SERVQUAL-style gap P - E per item (paired, rows with both answers), per dimension and overall. */
export function analyseExpectationGap(table: CsvTable, req: ExpectationGapRequest): ExpectationGapReport {
  if (req.pairs.length === 0) {
    throw new ValidationError('give at least one --pair perception:expectation[:dimension]', [
      { name: 'pair', reason: 'required' },
    ]);
  }
  const missing = req.missing ?? DEFAULT_MISSING;
  const items = req.pairs.map((pair) => {
    const p = numericColumn(table, pair.perception, { missing });
    const e = numericColumn(table, pair.expectation, { missing });
    const d: number[] = [];
    for (let r = 0; r < p.length; r++) d.push((p[r] as number) - (e[r] as number));
    return { item: pair.perception, dimension: pair.dimension ?? 'all', gap: sumMoments(d) };
  });
  const opts = {
    ...(req.weights ? { weights: req.weights } : {}),
    ...(req.level ? { level: req.level } : {}),
  };
  return { analysis: 'gap', kind: 'expectation', ...summariseExpectationGap(items, opts) };
}

/** Delivery gap request: a column telling internal from customer rows, item columns, optional "superior" item. */
export interface DeliveryGapRequest {
  groupColumn: string;
  internal: string;
  customer: string;
  items: string[];
  /** Column answering "do we deliver / did you get a superior experience"; rows >= superiorMin count as yes. */
  superior?: string;
  superiorMin?: number;
  q?: number;
  level?: number;
  missing?: string[];
}

/** Result of `analyseDeliveryGapInTable`. */
export interface DeliveryGapReport extends DeliveryGap {
  analysis: 'gap';
  kind: 'delivery';
  nInternal: number;
  nCustomer: number;
}

/** Mirror-survey delivery gap: internal predictions vs customer ratings per item (Welch t + BH), and the headline. */
export function analyseDeliveryGapInTable(table: CsvTable, req: DeliveryGapRequest): DeliveryGapReport {
  const missing = req.missing ?? DEFAULT_MISSING;
  const role = textColumn(table, req.groupColumn, missing);
  const internalRows = allRows(role.length).filter((r) => role[r] === req.internal);
  const customerRows = allRows(role.length).filter((r) => role[r] === req.customer);
  for (const [label, rows] of [
    [req.internal, internalRows],
    [req.customer, customerRows],
  ] as const) {
    if (rows.length === 0) {
      const seen = [...new Set(role.filter((v) => v !== null))].slice(0, 10).join("', '");
      throw new ValidationError(`no row has ${req.groupColumn} = '${label}'; values include '${seen}'`, [
        { name: req.groupColumn, reason: `no '${label}' rows` },
      ]);
    }
  }
  const sums = (values: Float64Array, rows: number[]) => sumMoments(rows.map((r) => values[r] as number));
  const items = req.items.map((item) => {
    const v = numericColumn(table, item, { missing });
    return { item, internal: sums(v, internalRows), customer: sums(v, customerRows) };
  });
  let superior: { internal: ProportionCounts; customer: ProportionCounts } | undefined;
  if (req.superior) {
    const v = numericColumn(table, req.superior, { missing });
    const min = req.superiorMin ?? 1;
    const count = (rows: number[]) => {
      const present = rows.map((r) => v[r] as number).filter((x) => !Number.isNaN(x));
      return { successes: present.filter((x) => x >= min).length, n: present.length };
    };
    superior = { internal: count(internalRows), customer: count(customerRows) };
  }
  const opts = {
    ...(superior ? { superior } : {}),
    ...(req.q !== undefined ? { q: req.q } : {}),
    ...(req.level !== undefined ? { level: req.level } : {}),
  };
  return {
    analysis: 'gap',
    kind: 'delivery',
    nInternal: internalRows.length,
    nCustomer: customerRows.length,
    ...analyseDeliveryGap(items, opts),
  };
}

/** Every report `analyze` can produce. */
export type AnalyzeReport =
  | ScoreReport
  | CompareReport
  | DriverReport
  | IpaReport
  | ExpectationGapReport
  | DeliveryGapReport;
