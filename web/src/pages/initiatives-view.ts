// Words and numbers of the initiatives page, without React: the verdict in plain words, labels, formatting.
import type { Effect, EffectSummary } from '../../../src/shared/api/index.js';

/** Verdict labels as badges show them. */
export const VERDICT_LABEL: Record<EffectSummary['verdict'], string> = {
  win: 'Win',
  worse: 'Worse',
  no_detectable_change: 'No detectable change',
  too_early: 'Too early',
};

/** Status labels. */
export const STATUS_LABEL: Record<'planned' | 'running' | 'done' | 'stopped', string> = {
  planned: 'Planned',
  running: 'Running',
  done: 'Done',
  stopped: 'Stopped',
};

const METRIC_NAME: Record<Effect['metric'], string> = {
  nps: 'NPS',
  csat: 'CSAT',
  ces: 'CES',
  rating: 'Rating',
  mean: 'Mean',
  theme_share: "Theme's share of comments",
  recovery_rate: 'Case recovery rate',
};

/** The metric's short name. */
export function metricLabel(metric: Effect['metric']): string {
  return METRIC_NAME[metric];
}

const percent = (metric: Effect['metric']) =>
  metric === 'csat' || metric === 'theme_share' || metric === 'recovery_rate';
const digits = (metric: Effect['metric']) => (metric === 'nps' || percent(metric) ? 1 : 2);
const unitWord = (metric: Effect['metric'], x: number) =>
  metric === 'nps' ? (Math.abs(x) === 1 ? ' point' : ' points') : percent(metric) ? ' pp' : '';

/** A number in the metric's unit, signed when `signed`; an en dash for null. */
export function formatValue(metric: Effect['metric'], x: number | null | undefined, signed = false): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const text = Math.abs(x).toFixed(digits(metric));
  const sign = x < 0 ? '−' : signed && x > 0 ? '+' : '';
  return `${sign}${text}`;
}

/** An effect with its interval, e.g. "+12.3 points (95% CI +4.1 to +20.5)". */
export function formatEffect(metric: Effect['metric'], e: Pick<EffectSummary, 'estimate' | 'ci'>): string {
  if (e.estimate === null) return '—';
  const ci = e.ci
    ? ` (95% CI ${formatValue(metric, e.ci.low, true)} to ${formatValue(metric, e.ci.high, true)})`
    : '';
  return `${formatValue(metric, e.estimate, true)}${unitWord(metric, e.estimate)}${ci}`;
}

/** A p-value for people: "p = 0.012", "p < 0.001". */
export function formatP(p: number | null): string {
  if (p === null) return '—';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** The verdict in one or two plain sentences. */
export function verdictSentence(e: Effect, targeted = 'the targeted touchpoints'): string {
  const name = metricLabel(e.metric);
  const against =
    e.method === 'did' ? 'than at the comparison touchpoints' : 'than its earlier trend predicted';
  const estimate = e.estimate ?? 0;
  const size = `${formatValue(e.metric, Math.abs(estimate))}${unitWord(e.metric, estimate)}`;
  const ci = e.ci
    ? `95% CI ${formatValue(e.metric, e.ci.low, true)} to ${formatValue(e.metric, e.ci.high, true)}`
    : '';
  switch (e.verdict) {
    case 'win':
      return `It worked: ${name} at ${targeted} ${estimate >= 0 ? 'rose' : 'fell'} ${size} more ${against} (${ci}).`;
    case 'worse':
      return `It made things worse: ${name} at ${targeted} ${estimate >= 0 ? 'rose' : 'fell'} ${size} more ${against} (${ci}).`;
    case 'no_detectable_change': {
      const mde =
        e.minimumDetectableEffect !== null
          ? ` An effect of ${formatValue(e.metric, e.minimumDetectableEffect)}${unitWord(e.metric, e.minimumDetectableEffect)} or more would most likely have shown.`
          : '';
      return `No detectable change: the difference of ${formatValue(e.metric, e.estimate, true)} (${ci}) could be chance.${mde}`;
    }
    case 'too_early': {
      if (e.after.n === 0) {
        const need =
          e.nNeeded !== null && e.target !== null
            ? ` About ${e.nNeeded.toLocaleString('en')} responses after the start are needed to detect an effect of ${formatValue(e.metric, e.target)}${unitWord(e.metric, e.target)}.`
            : '';
        return `Too early to tell: no feedback at ${targeted} since the start.${need}`;
      }
      const need =
        e.nNeeded !== null && e.nNeeded > 0
          ? ` About ${e.nNeeded.toLocaleString('en')} more responses are needed to detect an effect of ${formatValue(e.metric, e.target)}${unitWord(e.metric, e.target ?? 0)}.`
          : '';
      return `Too early to tell: too little feedback since the start.${need}`;
    }
  }
}

/** How the effect was measured, in words. */
export function methodSentence(method: EffectSummary['method']): string {
  if (method === 'did')
    return 'Difference-in-differences against the comparison touchpoints, with weekly or monthly effects and robust standard errors.';
  if (method === 'its')
    return 'Interrupted time series on the targeted touchpoints alone (no comparison group): weaker evidence.';
  return 'Not measured yet.';
}
