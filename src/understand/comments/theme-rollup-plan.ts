// When the theme rollup answers a theme read: exactly (whole local days), or with its edge days read from
// comments (bounds off midnight).
import type { Sql } from '../../platform/db/index.js';
import { getRollupSettings, planRollup } from '../sums/index.js';
import type { CommentFilter } from './filters.js';
import { getLocalMidnights } from './queries/local-midnights.js';
import { getThemeRollupSums } from './queries/theme-rollup-sums.js';
import { getThemeRollupTrend } from './queries/theme-rollup-trend.js';
import type { ThemeRollupRange } from './queries/theme-rollup-where.js';
import { getThemeScoreSums, type ImpactMeasure, type ScoreSums } from './queries/theme-score-sums.js';
import { getThemeTrend, type TrendRow } from './queries/theme-trend.js';

/**
 * The rollup range answering `filter` exactly in `timeZone`, or null: no segment, theme, sentiment,
 * score or word filter, a zone the rollup keeps, and bounds on local midnights.
 */
export async function planThemeRollup(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  timeZone: string,
  interval: 'day' | 'week' | 'month' | undefined,
): Promise<ThemeRollupRange | null> {
  if (filter.theme || filter.sentiment || filter.score || filter.q) return null;
  if (filter.attributes && Object.keys(filter.attributes).length > 0) return null;
  const settings = await getRollupSettings(sql, orgId);
  const plan = planRollup(
    { metric: 'nps', interval, timeZone, groupBy: [], filter: { from: filter.from, to: filter.to } },
    settings,
  );
  if (!plan) return null;
  return {
    zone: plan.zone,
    fromDay: plan.fromDay,
    toDay: plan.toDay,
    grain: plan.grain,
    touchpointId: filter.touchpointId,
    surveyId: filter.surveyId,
    channel: filter.channel,
  };
}

/** A range split at UTC midnights: the whole days in the rollup, the partial days at the edges as filters. */
export interface ThemeSplit {
  rollup: ThemeRollupRange;
  edges: CommentFilter[];
}

const DAY_MS = 86_400_000;

/**
 * For a filter the rollup would answer but for a bound off local midnight in `timeZone` (UTC for theme
 * impact): the whole local days between the bounds (from the first midnight at or after `from` to the
 * last at or before `to`) as a rollup range, and the partial days before and after them as comment
 * filters. Null when the rollup cannot answer the other conditions or the bounds hold no whole day (a
 * scan of under two days is cheap).
 */
export async function planThemeEdges(
  sql: Sql,
  orgId: string,
  filter: CommentFilter,
  timeZone = 'UTC',
  interval: 'day' | 'week' | 'month' | undefined = undefined,
): Promise<ThemeSplit | null> {
  if (!filter.from && !filter.to) return null;
  let from: Date | undefined;
  let to: Date | undefined;
  if (timeZone === 'UTC') {
    from = filter.from ? new Date(Math.ceil(filter.from.getTime() / DAY_MS) * DAY_MS) : undefined;
    to = filter.to ? new Date(Math.floor(filter.to.getTime() / DAY_MS) * DAY_MS) : undefined;
  } else {
    const m = await getLocalMidnights(sql, filter.from, filter.to, timeZone);
    from = m.from ?? undefined;
    to = m.to ?? undefined;
  }
  if (from && to && from.getTime() >= to.getTime()) return null;
  const rollup = await planThemeRollup(sql, orgId, { ...filter, from, to }, timeZone, interval);
  if (!rollup) return null;
  const edges: CommentFilter[] = [];
  if (filter.from && from && from.getTime() !== filter.from.getTime())
    edges.push({ ...filter, from: filter.from, to: from });
  if (filter.to && to && to.getTime() !== filter.to.getTime())
    edges.push({ ...filter, from: to, to: filter.to });
  return { rollup, edges };
}

const FIELDS = [
  'n',
  'promoters',
  'passives',
  'detractors',
  'top',
  'sum',
  'sumSquares',
  'aspectN',
  'aspectNegative',
  'aspectPositive',
  'aspectSum',
] as const;

/** The sums of `getThemeScoreSums` over a split range: the rollup's and each edge's, added per theme. */
export async function getSplitSums(
  sql: Sql,
  orgId: string,
  measure: ImpactMeasure,
  split: ThemeSplit,
): Promise<ScoreSums[]> {
  const parts = await Promise.all([
    getThemeRollupSums(sql, orgId, measure, split.rollup),
    ...split.edges.map((e) => getThemeScoreSums(sql, orgId, measure, e, true)),
  ]);
  const byTheme = new Map<string | null, ScoreSums>();
  for (const row of parts.flat()) {
    const acc = byTheme.get(row.theme);
    if (!acc) {
      byTheme.set(row.theme, { ...row });
      continue;
    }
    for (const f of FIELDS) acc[f] += row[f];
  }
  return [...byTheme.values()];
}

/** The rows of `getThemeTrend` over a split range: the rollup's and each edge's, added per period and theme. */
export async function getSplitTrend(
  sql: Sql,
  orgId: string,
  interval: 'day' | 'week' | 'month',
  timeZone: string,
  split: ThemeSplit,
): Promise<TrendRow[]> {
  const parts = await Promise.all([
    getThemeRollupTrend(sql, orgId, interval, split.rollup),
    ...split.edges.map((e) => getThemeTrend(sql, orgId, interval, timeZone, e, true)),
  ]);
  const byKey = new Map<string, TrendRow>();
  for (const row of parts.flat()) {
    const key = `${row.period}\u0000${row.theme ?? ''}`;
    const acc = byKey.get(key);
    if (acc) acc.n += row.n;
    else byKey.set(key, { ...row });
  }
  // As the scan orders them: by period, each period's total (theme null) first.
  return [...byKey.values()].sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : a.theme === null ? -1 : b.theme === null ? 1 : 0,
  );
}
