// Did an initiative work? Per-day sums of treated and control feedback -> periods counted from the start
// -> DiD (or an interrupted time series without a control) -> summaries, series, power and verdict.
// The one function behind `northstar analyze effect` and the initiatives API.
import {
  addMoments,
  type DidResult,
  didPower,
  type EffectCell,
  type EffectVerdict,
  effectVerdict,
  estimateDid,
  estimateIts,
  type ItsResult,
  MDE_FACTOR,
  type MomentSums,
  summariseMean,
  summariseNps,
  summariseProportion,
} from '../stats/index.js';

/** Metrics an effect is measured on. */
export type EffectMetric = 'nps' | 'csat' | 'ces' | 'rating' | 'mean';
/** Shares an initiative can be measured on besides its feedback scores (percent, from per-response 0/100). */
export type ShareMetric = 'theme_share' | 'recovery_rate';
/** Any metric a report can carry. */
export type MeasuredMetric = EffectMetric | ShareMetric;
/** Every effect metric, for flag and body validation. */
export const EFFECT_METRICS: readonly EffectMetric[] = ['nps', 'csat', 'ces', 'rating', 'mean'];
/** Length of a period of the fixed effects. */
export type EffectInterval = 'week' | 'month';

const DAY_MS = 86_400_000;

/** A day's sums for one group, in the metric's unit (see `metricValue`); `day` is whole days since 1970-01-01 UTC. */
export interface DayCell extends MomentSums {
  treated: boolean;
  day: number;
}

/** What to measure. Dates are YYYY-MM-DD (UTC); `end` is the last day counted (inclusive). */
export interface EffectRequest {
  metric: MeasuredMetric;
  start: string;
  end?: string | undefined;
  interval?: EffectInterval;
  level?: number;
  /** Smallest effect worth detecting, in the metric's unit; default NPS 5 points, CSAT 5 percentage points, else 0.2 SD. */
  minimumEffect?: number | undefined;
  /** Below this many responses after the start in the treated or the control group the verdict is `too_early`; default 30. */
  minAfter?: number;
  /** False when lower is better (default: a theme's share of comments; CES here is the CES 2.0 "easy" agreement scale). */
  higherIsBetter?: boolean;
}

/** A score with its interval, in the metric's unit. */
export interface GroupSummary {
  n: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** One period of the before/after series. */
export interface SeriesPoint {
  period: number;
  /** First day of the period (YYYY-MM-DD). */
  from: string;
  treated: GroupSummary;
  control: GroupSummary | null;
}

/** The measured effect of an initiative (the CLI's JSON and the API's `effect`). */
export interface EffectReport {
  metric: MeasuredMetric;
  unit: 'points' | 'percent' | 'scale';
  method: 'did' | 'its' | 'none';
  interval: EffectInterval;
  start: string;
  end: string | null;
  level: number;
  /** Treated feedback before and after the start. */
  before: GroupSummary;
  after: GroupSummary;
  /** Control feedback before and after the start; null when there is no control (ITS or nothing). */
  control: { before: GroupSummary; after: GroupSummary } | null;
  effect: { estimate: number | null; ci: { low: number; high: number } | null; p: number | null };
  verdict: EffectVerdict;
  minimumDetectableEffect: number | null;
  /** The effect size the verdict and power are sized for. */
  target: number | null;
  /** More responses after the start (treated and control together) before an effect of `target` can be detected; null when unknown or out of reach. */
  nNeeded: number | null;
  /** DiD: pre-start slope difference per period (parallel-trends check). */
  preTrend: DidResult['preTrend'];
  /** ITS: change of slope per period after the start. */
  slopeChange: { estimate: number; ci: { low: number; high: number }; p: number } | null;
  warnings: string[];
  series: SeriesPoint[];
}

/** Whole days since 1970-01-01 of a YYYY-MM-DD date or an ISO timestamp's UTC date; null when not a valid date. */
export function parseDay(text: string): number | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text.trim(),
    );
  if (!m) return null;
  const [, y, mo, d] = m.map(Number) as [number, number, number, number];
  const date = Date.UTC(y, mo - 1, d);
  const back = new Date(date);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (m[4] === undefined) return date / DAY_MS;
  const ms = Date.parse(
    m[7] === undefined ? `${text.trim().replace(' ', 'T')}Z` : text.trim().replace(' ', 'T'),
  );
  return Number.isFinite(ms) ? Math.floor(ms / DAY_MS) : null;
}

/** YYYY-MM-DD of a day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Period index of a day counted from the start: weeks of 7 days from the start day, or months from the
 * start's day of the month (period 0 = [start, start + 1 month)). Negative before the start.
 */
export function periodOf(day: number, start: number, interval: EffectInterval): number {
  if (interval === 'week') return Math.floor((day - start) / 7);
  const a = new Date(day * DAY_MS);
  const s = new Date(start * DAY_MS);
  let k = (a.getUTCFullYear() - s.getUTCFullYear()) * 12 + (a.getUTCMonth() - s.getUTCMonth());
  if (a.getUTCDate() < s.getUTCDate()) k -= 1;
  return k;
}

/** First day of period k. */
function periodStart(k: number, start: number, interval: EffectInterval): number {
  if (interval === 'week') return start + 7 * k;
  const s = new Date(start * DAY_MS);
  return Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + k, s.getUTCDate()) / DAY_MS;
}

/** A raw answer in the metric's analysis unit: NPS 0-10 -> +100/0/-100, CSAT 1-5 -> 100 for 4-5 else 0, others as they are. */
export function metricValue(metric: EffectMetric, raw: number): number {
  if (metric === 'nps') return raw >= 9 ? 100 : raw >= 7 ? 0 : -100;
  if (metric === 'csat') return raw >= 4 ? 100 : 0;
  return raw;
}

const UNIT: Record<MeasuredMetric, EffectReport['unit']> = {
  theme_share: 'percent',
  recovery_rate: 'percent',
  nps: 'points',
  csat: 'percent',
  ces: 'scale',
  rating: 'scale',
  mean: 'scale',
};

const isShare = (metric: MeasuredMetric) =>
  metric === 'csat' || metric === 'theme_share' || metric === 'recovery_rate';

function summarise(metric: MeasuredMetric, s: MomentSums, level: number): GroupSummary {
  if (s.n === 0) return { n: 0, estimate: null, low: null, high: null };
  if (metric === 'nps') {
    // Exact counts back from the sums of +100/0/-100 codes (these cells are never shifted).
    const pd = s.sum / 100;
    const pPlusD = s.sumSquares / 10_000;
    const promoters = Math.round((pPlusD + pd) / 2);
    const detractors = Math.round((pPlusD - pd) / 2);
    const r = summariseNps({ promoters, detractors, passives: s.n - promoters - detractors }, { level });
    return { n: r.n, estimate: r.score, low: r.ci?.low ?? null, high: r.ci?.high ?? null };
  }
  if (isShare(metric)) {
    const r = summariseProportion({ successes: Math.round(s.sum / 100), n: s.n }, { level });
    return { n: r.n, estimate: r.estimate, low: r.ci?.low ?? null, high: r.ci?.high ?? null };
  }
  const r = summariseMean(s, { level });
  return { n: r.n, estimate: r.mean, low: r.ci?.low ?? null, high: r.ci?.high ?? null };
}

const EMPTY: MomentSums = { n: 0, sum: 0, sumSquares: 0 };

/** SD of one response from sums (population form); 0 when fewer than two. */
function sdOf(s: MomentSums): number {
  if (s.n < 2) return 0;
  const shifted = s.sum / s.n;
  return Math.sqrt(Math.max(0, s.sumSquares - shifted * s.sum) / (s.n - 1));
}

/**
 * Measure an initiative's effect from per-day sums of treated and control feedback. With control data
 * on both sides of the start: DiD with period fixed effects (HC1). Without any control: an interrupted
 * time series on the treated period means, flagged as weaker. Nothing after the start yet: `too_early`
 * with the responses still needed, not an error.
 */
export function measureEffect(cells: ReadonlyArray<DayCell>, req: EffectRequest): EffectReport {
  const interval = req.interval ?? 'week';
  const level = req.level ?? 0.95;
  const start = parseDay(req.start);
  if (start === null) throw new RangeError(`start '${req.start}' is not a date`);
  const end = req.end === undefined ? null : parseDay(req.end);
  if (req.end !== undefined && end === null) throw new RangeError(`end '${req.end}' is not a date`);
  if (end !== null && end < start) throw new RangeError('end is before start');
  const { metric } = req;

  const periodCells = new Map<string, EffectCell>();
  const quadrants = { treatedBefore: EMPTY, treatedAfter: EMPTY, controlBefore: EMPTY, controlAfter: EMPTY };
  for (const c of cells) {
    if (c.n === 0 || (end !== null && c.day > end)) continue;
    const period = periodOf(c.day, start, interval);
    const key = `${c.treated ? 1 : 0}:${period}`;
    const prev = periodCells.get(key);
    periodCells.set(key, { treated: c.treated, period, ...addMoments(prev ?? EMPTY, c) });
    const q =
      `${c.treated ? 'treated' : 'control'}${period >= 0 ? 'After' : 'Before'}` as keyof typeof quadrants;
    quadrants[q] = addMoments(quadrants[q], c);
  }
  const all = [...periodCells.values()];
  const hasControl = all.some((c) => !c.treated);
  const periods = [...new Set(all.map((c) => c.period))].sort((a, b) => a - b);
  const series: SeriesPoint[] = periods.map((period) => {
    const t = periodCells.get(`1:${period}`) ?? EMPTY;
    const c = periodCells.get(`0:${period}`) ?? EMPTY;
    return {
      period,
      from: formatDay(periodStart(period, start, interval)),
      treated: summarise(metric, t, level),
      control: hasControl ? summarise(metric, c, level) : null,
    };
  });

  const sdBefore = sdOf(addMoments(quadrants.treatedBefore, quadrants.controlBefore));
  const defaultTarget = metric === 'nps' || isShare(metric) ? 5 : 0.2 * sdBefore;
  const target = req.minimumEffect ?? (defaultTarget > 0 ? defaultTarget : null);
  const warnings: string[] = [];
  const report: EffectReport = {
    metric,
    unit: UNIT[metric],
    method: 'none',
    interval,
    start: formatDay(start),
    end: end === null ? null : formatDay(end),
    level,
    before: summarise(metric, quadrants.treatedBefore, level),
    after: summarise(metric, quadrants.treatedAfter, level),
    control: hasControl
      ? {
          before: summarise(metric, quadrants.controlBefore, level),
          after: summarise(metric, quadrants.controlAfter, level),
        }
      : null,
    effect: { estimate: null, ci: null, p: null },
    verdict: 'too_early',
    minimumDetectableEffect: null,
    target,
    nNeeded: null,
    preTrend: null,
    slopeChange: null,
    warnings,
    series,
  };
  const verdictOpts = { higherIsBetter: req.higherIsBetter ?? metric !== 'theme_share' };
  const minAfter = req.minAfter ?? 30;

  if (hasControl) {
    report.method = 'did';
    const fit = estimateDid(all, { outcome: metric === 'nps' ? 'nps' : 'mean', level });
    const counts = {
      treatedBefore: quadrants.treatedBefore.n,
      treatedAfter: quadrants.treatedAfter.n,
      controlBefore: quadrants.controlBefore.n,
      controlAfter: quadrants.controlAfter.n,
    };
    const sd = fit?.residualSd ?? sdBefore;
    const power = didPower(counts, sd, target ?? 0, fit);
    report.minimumDetectableEffect = power.minimumDetectableEffect;
    report.nNeeded = target === null ? null : power.nNeeded;
    if (target !== null && power.nNeeded === null && counts.treatedBefore > 0 && counts.controlBefore > 0) {
      warnings.push(
        `An effect of ${target.toPrecision(3)} cannot be detected with the feedback before the start (${counts.treatedBefore} treated, ${counts.controlBefore} control), however much arrives after it; a larger minimum effect or a longer baseline is needed.`,
      );
    }
    if (fit) {
      report.effect = { estimate: fit.estimate, ci: { low: fit.ci.low, high: fit.ci.high }, p: fit.p };
      report.preTrend = fit.preTrend;
      if (fit.preTrend && fit.preTrend.p < 0.05) {
        warnings.push(
          'Treated and control were already moving apart before the start (pre-trend p < 0.05): the parallel-trends assumption behind the estimate is doubtful.',
        );
      }
    } else if (counts.treatedBefore === 0 || counts.controlBefore === 0) {
      warnings.push(
        'No feedback before the start in one of the groups: there is no baseline to compare against.',
      );
    } else {
      warnings.push('No feedback after the start yet in the treated or the control group.');
    }
    const enoughData = counts.treatedAfter >= minAfter && counts.controlAfter >= minAfter;
    if (fit && !enoughData) {
      warnings.push(`Fewer than ${minAfter} responses after the start in the treated or the control group.`);
    }
    report.verdict = effectVerdict(fit, { ...verdictOpts, enoughData });
    return report;
  }

  // No control: interrupted time series on the treated period means.
  const points = series
    .filter((s) => s.treated.estimate !== null)
    .map((s) => ({ period: s.period, mean: s.treated.estimate as number }));
  const its: ItsResult | null = estimateIts(points, { level });
  if (!its) {
    report.method = 'its';
    warnings.push(
      'No control group and too few periods for an interrupted time series (at least 2 on each side and 6 in all; 8 on each side recommended).',
    );
    return report;
  }
  report.method = 'its';
  report.effect = { estimate: its.estimate, ci: { low: its.ci.low, high: its.ci.high }, p: its.p };
  report.slopeChange = {
    estimate: its.slopeChange.estimate,
    ci: { low: its.slopeChange.ci.low, high: its.slopeChange.ci.high },
    p: its.slopeChange.p,
  };
  report.minimumDetectableEffect = MDE_FACTOR * its.se;
  warnings.push(...its.warnings);
  report.verdict = effectVerdict(its, verdictOpts);
  return report;
}
