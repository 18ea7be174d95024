// `northstar analyze effect`: an initiative's effect measured on a CSV export (treated rows named by a group column).
import { ValidationError } from '../../platform/errors/index.js';
import {
  type DayCell,
  type EffectInterval,
  type EffectMetric,
  type EffectReport,
  measureEffect,
  metricValue,
  parseDay,
} from '../effect/index.js';
import { sumMoments } from '../stats/index.js';
import { type CsvTable, DEFAULT_MISSING, numericColumn, textColumn } from './csv.js';

/** What to measure in a table. */
export interface EffectTableRequest {
  column: string;
  metric: EffectMetric;
  dateColumn: string;
  groupColumn: string;
  /** Values of the group column that mark treated rows. */
  treated: string[];
  /** Values that mark control rows; default every other value. */
  control?: string[];
  start: string;
  end?: string;
  interval?: EffectInterval;
  level?: number;
  minimumEffect?: number;
  missing?: string[];
}

/** `analyze effect` output: the measured effect plus what was read. */
export type EffectTableReport = EffectReport & { analysis: 'effect'; column: string; rowsUsed: number };

const RANGE: Partial<Record<EffectMetric, { min: number; max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

function checkDate(flag: string, value: string | undefined): void {
  if (value !== undefined && parseDay(value) === null) {
    throw new ValidationError(`${flag} '${value}' is not a date; use YYYY-MM-DD`, [
      { name: flag.replace(/^--/, ''), reason: 'not a date' },
    ]);
  }
}

/** Measure the effect of a change on the rows of a table, treated vs control, around a start date. */
export function analyseEffectInTable(table: CsvTable, req: EffectTableRequest): EffectTableReport {
  checkDate('--start', req.start);
  checkDate('--end', req.end);
  if (req.treated.length === 0) {
    throw new ValidationError('--treated needs at least one value of the group column', [
      { name: 'treated', reason: 'required' },
    ]);
  }
  const missing = req.missing ?? DEFAULT_MISSING;
  const range = RANGE[req.metric];
  const values = numericColumn(table, req.column, {
    missing,
    ...(range ? { ...range, integer: true } : {}),
  });
  const dates = textColumn(table, req.dateColumn, missing);
  const groups = textColumn(table, req.groupColumn, missing);
  const treated = new Set(req.treated);
  const control = req.control && req.control.length > 0 ? new Set(req.control) : null;
  const seen = new Set(groups.filter((g): g is string => g !== null));
  const unknown = req.treated.filter((v) => !seen.has(v));
  if (unknown.length === req.treated.length) {
    throw new ValidationError(
      `no row has ${req.groupColumn} = ${unknown.map((v) => `'${v}'`).join(', ')}; values seen: ${[...seen].slice(0, 20).join(', ')}`,
      [{ name: 'treated', reason: 'no such value' }],
    );
  }
  const byKey = new Map<string, { treated: boolean; day: number; ys: number[] }>();
  let rowsUsed = 0;
  for (let r = 0; r < values.length; r++) {
    const v = values[r] as number;
    const g = groups[r] ?? null;
    if (Number.isNaN(v) || g === null) continue;
    const isTreated = treated.has(g);
    if (!isTreated && control && !control.has(g)) continue;
    const raw = dates[r] ?? null;
    if (raw === null) continue;
    const day = parseDay(raw);
    if (day === null) {
      const where = `row ${r + 1} (line ${table.lineOf(r) ?? '?'}), column '${req.dateColumn}'`;
      const reason = `'${raw}' is not a date (use YYYY-MM-DD or an ISO 8601 timestamp)`;
      throw new ValidationError(`${where}: ${reason}`, [
        { name: req.dateColumn, reason: `row ${r + 1}: ${reason}` },
      ]);
    }
    const key = `${isTreated ? 1 : 0}:${day}`;
    const cell = byKey.get(key) ?? { treated: isTreated, day, ys: [] };
    cell.ys.push(metricValue(req.metric, v));
    byKey.set(key, cell);
    rowsUsed += 1;
  }
  const cells: DayCell[] = [...byKey.values()].map((c) => {
    const m = sumMoments(c.ys);
    // NPS and CSAT cells stay unshifted so their counts can be read back exactly.
    const plain = req.metric === 'nps' || req.metric === 'csat';
    return {
      treated: c.treated,
      day: c.day,
      ...(plain
        ? {
            n: c.ys.length,
            sum: c.ys.reduce((a, y) => a + y, 0),
            sumSquares: c.ys.reduce((a, y) => a + y * y, 0),
          }
        : m),
    };
  });
  const report = measureEffect(cells, {
    metric: req.metric,
    start: req.start,
    end: req.end,
    interval: req.interval ?? 'week',
    ...(req.level !== undefined ? { level: req.level } : {}),
    minimumEffect: req.minimumEffect,
  });
  return { analysis: 'effect', column: req.column, rowsUsed, ...report };
}

const num = (x: number | null | undefined, digits: number): string =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);
const signed = (x: number | null | undefined, digits: number): string =>
  x === null || x === undefined ? '-' : (x > 0 ? '+' : '') + x.toFixed(digits);

const VERDICT_TEXT: Record<EffectReport['verdict'], string> = {
  win: 'a win: the interval lies wholly above 0',
  worse: 'worse: the interval lies wholly below 0',
  no_detectable_change:
    'no detectable change: the interval includes 0 and the data could have detected the target effect',
  too_early: 'too early to tell',
};

/** Plain-text rendering of an effect report. */
export function formatEffect(r: EffectTableReport): string {
  const d = r.metric === 'nps' || r.metric === 'csat' ? 1 : 3;
  const pct = Math.round(r.level * 100);
  const row = (label: string, s: EffectReport['before']) =>
    `  ${label.padEnd(16)} n ${String(s.n).padStart(6)}  ${num(s.estimate, d).padStart(8)}  [${num(s.low, d)}, ${num(s.high, d)}]`;
  const lines = [
    `Effect on ${r.metric.toUpperCase()} of '${r.column}' (${r.unit}) from ${r.start}${r.end ? ` to ${r.end}` : ''}, ${r.interval}ly periods`,
    `method: ${r.method === 'did' ? 'difference-in-differences, period fixed effects, HC1 errors' : r.method === 'its' ? 'interrupted time series (no control), Newey-West errors' : 'none'}`,
    row('treated before', r.before),
    row('treated after', r.after),
  ];
  if (r.control) lines.push(row('control before', r.control.before), row('control after', r.control.after));
  const ci = r.effect.ci;
  lines.push(
    `effect: ${signed(r.effect.estimate, d)}  ${pct}% CI [${ci ? num(ci.low, d) : '-'}, ${ci ? num(ci.high, d) : '-'}]  p ${r.effect.p === null ? '-' : r.effect.p < 0.0001 ? '<0.0001' : r.effect.p.toFixed(4)}`,
    `minimum detectable effect (80% power): ${num(r.minimumDetectableEffect, d)}; target ${num(r.target, d)}${r.nNeeded !== null && r.nNeeded > 0 ? `; about ${r.nNeeded} more responses needed` : ''}`,
    `verdict: ${VERDICT_TEXT[r.verdict]}`,
    ...r.warnings.map((w) => `warning: ${w}`),
  );
  return lines.join('\n');
}
