// `northstar analyze scores`: one column overall and per group, with intervals, changes and commenter bias.
import { ValidationError } from '../../platform/errors/index.js';
import { adjustBh, compareSubgroupNps, linearTrend, npsMoments, type SubgroupBias } from '../stats/index.js';
import { type CsvTable, textColumn } from './csv.js';
import {
  type AnalyzeMetric,
  allRows,
  checkMetric,
  compareStats,
  type GroupStats,
  gather,
  groupRows,
  METHOD,
  metricValues,
  type ScoreRow,
  scoreRow,
  UNIT,
} from './metric.js';

/** What to score: a column, its metric, optional grouping. */
export interface ScoreRequest {
  column: string;
  metric: AnalyzeMetric;
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

/** Result of `analyseScores`. */
export interface ScoreReport {
  analysis: 'scores';
  column: string;
  metric: AnalyzeMetric;
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
    req.metric,
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
      groups.push(scoreRow(key, s, level, minN, req.metric));
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
