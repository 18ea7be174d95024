// Number formatting shared by every part of the dashboard, so a score reads the same everywhere.
import type { Interval, Metric } from './types.js';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Decimal places a metric is shown with: CES is a mean on 1–7, so it needs two. */
export function decimalsFor(metric: Metric): number {
  return metric === 'ces' ? 2 : 1;
}

/** Fixed decimals with an ASCII minus, and never "-0.0". */
function fixed(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  const isZero = Number(text) === 0;
  return value < 0 && !isZero ? `-${text}` : text;
}

/**
 * The headline number of a score: NPS with a sign and one decimal ("+38.2", "-4.0", "0.0"), CSAT as a
 * top-2-box percentage with one decimal ("86.4", the unit is shown beside it), CES with two decimals.
 * A missing score (no responses) is an em dash.
 */
export function formatScore(metric: Metric, score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return '—';
  const text = fixed(score, decimalsFor(metric));
  if (metric === 'nps' && Number(text) > 0) return `+${text}`;
  return text;
}

/** The unit shown after a score: "%" for CSAT and ratings (mean in percent of the scale), nothing for NPS (points) and CES (mean). */
export function scoreUnit(metric: Metric): string {
  return metric === 'csat' || metric === 'rating' ? '%' : '';
}

/** A score with its unit, for tables and tooltips: "+38.2", "86.4%", "5.62". */
export function formatScoreWithUnit(metric: Metric, score: number | null | undefined): string {
  const text = formatScore(metric, score);
  return text === '—' ? text : text + scoreUnit(metric);
}

/** Half the width of an interval, as "±2.1"; intervals need not be symmetric around the score. */
export function formatMargin(metric: Metric, ci: Interval | null | undefined): string {
  if (!ci) return '';
  return `±${fixed((ci.high - ci.low) / 2, decimalsFor(metric))}`;
}

/** "95% CI 36.1 to 40.3" (bounds unsigned but for negatives, like the axis of a chart). */
export function formatInterval(metric: Metric, ci: Interval | null | undefined): string {
  if (!ci) return 'No interval';
  const decimals = decimalsFor(metric);
  return `${formatLevel(ci.level)} CI ${fixed(ci.low, decimals)} to ${fixed(ci.high, decimals)}`;
}

/** A confidence level as a percentage: 0.95 → "95%". */
export function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(1))}%`;
}

/** A count with thousands separators: 12345 → "12,345". */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** "n = 12,345" */
export function formatN(n: number): string {
  return `n = ${formatCount(n)}`;
}

/** A share of a total as a whole percentage: (1, 3) → "33%"; an empty total gives "0%". */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '0%';
  return `${Math.round((part / total) * 100)}%`;
}

/** A bucket's period as a short month: "2026-03-01" → "Mar 2026". */
export function formatMonth(period: string): string {
  const [year, month] = period.split('-');
  const index = Number(month) - 1;
  const name = MONTHS[index];
  return name && year ? `${name} ${year}` : period;
}

/** A week bucket's first day, short: "2026-08-24" → "Aug 24"; with `withYear`, "Aug 24, 2026". */
export function formatWeek(period: string, withYear = false): string {
  const [year, month, day] = period.split('-');
  const name = MONTHS[Number(month) - 1];
  if (!name || !year || !day) return period;
  return `${name} ${Number(day)}${withYear ? `, ${year}` : ''}`;
}

/** A bucket's period for an interval: months as "Mar 2026", weeks as "Aug 24". */
export function formatPeriod(period: string, interval: 'week' | 'month', withYear = false): string {
  return interval === 'week' ? formatWeek(period, withYear) : formatMonth(period);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Display name of a metric. */
export function metricName(metric: Metric): string {
  return METRIC_NAMES[metric];
}

const METRIC_NAMES: Record<Metric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES', rating: 'Rating' };
