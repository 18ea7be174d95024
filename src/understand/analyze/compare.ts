// `northstar analyze compare`: a metric across the groups of a column, each vs the rest or a vs b.
import { ValidationError } from '../../platform/errors/index.js';
import { adjustBh } from '../stats/index.js';
import { type CsvTable, textColumn } from './csv.js';
import {
  type AnalyzeMetric,
  allRows,
  checkMetric,
  compareStats,
  gather,
  groupRows,
  metricValues,
  scoreRow,
  UNIT,
} from './metric.js';

/** What to compare: a metric across the groups of a column, each vs the rest, or group a vs group b. */
export interface CompareRequest {
  column: string;
  metric: AnalyzeMetric;
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
  metric: AnalyzeMetric;
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
      ra: scoreRow(pr.group, sa, level, 0, req.metric),
      rb: scoreRow(pr.versus, sb, level, 0, req.metric),
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
