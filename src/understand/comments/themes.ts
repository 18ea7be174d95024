// Theme impact and theme trend: from the theme rollup when it answers exactly, else by a scan of comments.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import {
  adjustBh,
  type Comparison,
  compareMeans,
  compareNps,
  compareProportions,
  summariseMean,
  summariseNps,
  summariseProportion,
} from '../stats/index.js';
import type { Engine as SumsEngine } from '../sums/index.js';

/** The theme reads have the rollup, the comment index (impact) and the scan. */
type Engine = SumsEngine;
type EngineChoice = Exclude<Engine, 'index'> | 'auto';

import type { CommentIndex } from './comment-index.js';
import { indexThemeSums, indexThemeTrend } from './comment-index-answers.js';
import { currentCommentIndex, matchCommentWords } from './comment-index-engine.js';
import { loadTextConfig } from './config.js';
import type { CommentFilter } from './filters.js';
import { listLocalMidnights } from './queries/local-midnights.js';
import { getThemeRollupSums } from './queries/theme-rollup-sums.js';
import { getThemeRollupTrend } from './queries/theme-rollup-trend.js';
import { getThemeScoreSums, type ImpactMeasure, type ScoreSums, SHIFT } from './queries/theme-score-sums.js';
import { getThemeTrend, type TrendRow } from './queries/theme-trend.js';
import { getSplitSums, getSplitTrend, planThemeEdges, planThemeRollup } from './theme-rollup-plan.js';

/** How the comments mentioning a theme speak of it (aspect sentiment of the clauses that mention it). */
export interface ThemeAspect {
  /** Mentions with an aspect score (every comment of the filter mentioning the theme, scored or not). */
  mentions: number;
  /** Mean aspect score (−1 … 1). */
  mean: number;
  /** Shares of those mentions scored below −0.2 (negative) and above 0.2 (positive). */
  negative: number;
  positive: number;
}

/** Impact of one theme on a measure. */
export interface ThemeImpactRow {
  theme: string;
  name: string;
  mentions: number;
  share: number;
  scoreWith: number | null;
  scoreWithout: number | null;
  comparison: Comparison;
  /** Benjamini-Hochberg adjusted p-value over all themes of the answer. */
  pAdjusted: number | null;
  /** −difference × share: the points the theme costs the overall score; the fix-first ranking key. */
  priority: number | null;
  /** Aspect sentiment of the theme; absent when no mention has a score. */
  aspect?: ThemeAspect;
}

type Counts = Omit<ScoreSums, 'theme'>;

function scoreOf(measure: ImpactMeasure, s: Counts): number | null {
  if (measure === 'nps') return summariseNps(s).score;
  if (measure === 'csat') return summariseProportion({ successes: s.top, n: s.n }).estimate;
  return summariseMean({ n: s.n, sum: s.sum, sumSquares: s.sumSquares, shift: SHIFT[measure] }).mean;
}

function compare(measure: ImpactMeasure, a: Counts, b: Counts) {
  if (measure === 'nps') return compareNps(a, b);
  if (measure === 'csat')
    return compareProportions({ successes: a.top, n: a.n }, { successes: b.top, n: b.n });
  const shift = SHIFT[measure];
  return compareMeans(
    { n: a.n, sum: a.sum, sumSquares: a.sumSquares, shift },
    { n: b.n, sum: b.sum, sumSquares: b.sumSquares, shift },
  );
}

const minus = (a: Counts, b: Counts): Counts => ({
  n: a.n - b.n,
  promoters: a.promoters - b.promoters,
  passives: a.passives - b.passives,
  detractors: a.detractors - b.detractors,
  top: a.top - b.top,
  sum: a.sum - b.sum,
  sumSquares: a.sumSquares - b.sumSquares,
  aspectN: a.aspectN - b.aspectN,
  aspectNegative: a.aspectNegative - b.aspectNegative,
  aspectPositive: a.aspectPositive - b.aspectPositive,
  aspectSum: a.aspectSum - b.aspectSum,
});

const ZERO: Counts = {
  n: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
  top: 0,
  sum: 0,
  sumSquares: 0,
  aspectN: 0,
  aspectNegative: 0,
  aspectPositive: 0,
  aspectSum: 0,
};

function aspectOf(s: Counts): ThemeAspect | undefined {
  if (s.aspectN <= 0) return undefined;
  return {
    mentions: s.aspectN,
    mean: s.aspectSum / s.aspectN,
    negative: s.aspectNegative / s.aspectN,
    positive: s.aspectPositive / s.aspectN,
  };
}

function cannotRollup(): never {
  throw new ValidationError('The theme rollup cannot answer this query exactly', [
    {
      name: 'engine',
      reason:
        'the rollup needs a kept time zone, midnight bounds and no segment, theme, sentiment, score or word filter',
    },
  ]);
}

/**
 * For each theme: the score among comments mentioning it against the other comments (with the
 * interval and p-value from the statistics module), its share of comments, a fix-first ranking and
 * its aspect sentiment. NPS in points; CSAT as top-2-box percent; CES and rating as means. 'auto'
 * reads the theme rollup when it answers exactly (UTC days), the rollup for the whole
 * days and comments for the partial days at either edge when a bound is off midnight (`engine: 'rollup'`),
 * and scans comments otherwise.
 */
export async function getThemeImpact(
  sql: Sql,
  orgId: string,
  measure: ImpactMeasure,
  filter: CommentFilter,
  engine: EngineChoice = 'auto',
): Promise<{
  measure: ImpactMeasure;
  engine: Engine;
  comments: number;
  overall: number | null;
  themes: ThemeImpactRow[];
}> {
  // The settings reads are independent: run together (one round trip of waiting instead of two).
  const [config, plan] = await Promise.all([
    loadTextConfig(sql, orgId),
    engine === 'raw' ? null : planThemeRollup(sql, orgId, filter, 'UTC', undefined),
  ]);
  if (engine === 'rollup' && !plan) cannotRollup();
  // Otherwise the comment index when it is loaded (any filter; words as PostgreSQL parses them), else, for bounds off midnight,
  // whole days from the rollup and the partial days at either edge from comments, else a scan.
  const ix = !plan && engine === 'auto' ? await currentCommentIndex(sql, orgId) : null;
  const words = ix ? await matchCommentWords(sql, ix, filter.q) : undefined;
  const fromIndex = ix && words !== null ? indexThemeSums(ix, measure, filter, words) : null;
  const split = !plan && !fromIndex && engine === 'auto' ? await planThemeEdges(sql, orgId, filter) : null;
  const rows = plan
    ? await getThemeRollupSums(sql, orgId, measure, plan)
    : fromIndex
      ? fromIndex
      : split
        ? await getSplitSums(sql, orgId, measure, split)
        : await getThemeScoreSums(sql, orgId, measure, filter);
  const all = rows.find((r) => r.theme === null) ?? { ...ZERO, theme: null };
  const themes = rows
    .filter((r) => r.theme !== null && r.n > 0)
    .map((r) => {
      const without = minus(all, r);
      const comparison = compare(measure, r, without);
      const share = all.n > 0 ? r.n / all.n : 0;
      const aspect = aspectOf(r);
      const row: ThemeImpactRow = {
        theme: r.theme as string,
        name: config.themeNames.get(r.theme as string) ?? (r.theme as string),
        mentions: r.n,
        share,
        scoreWith: scoreOf(measure, r),
        scoreWithout: scoreOf(measure, without),
        comparison,
        pAdjusted: null,
        priority: comparison.difference === null ? null : -comparison.difference * share,
      };
      if (aspect) row.aspect = aspect;
      return row;
    });
  const adjusted = adjustBh(themes.map((t) => t.comparison.p));
  themes.forEach((t, i) => {
    t.pAdjusted = adjusted[i] ?? null;
  });
  themes.sort(
    (a, b) =>
      (b.priority ?? Number.NEGATIVE_INFINITY) - (a.priority ?? Number.NEGATIVE_INFINITY) ||
      a.theme.localeCompare(b.theme),
  );
  return {
    measure,
    engine: plan || split ? 'rollup' : fromIndex ? 'index' : 'raw',
    comments: all.n,
    overall: scoreOf(measure, all),
    themes,
  };
}

/**
 * Volume of each theme per bucket, as counts and as a share of the bucket's comments. 'auto' reads the
 * theme rollup when it answers exactly (a kept zone, midnight bounds, place filters only).
 */
export async function getThemeVolumeTrend(
  sql: Sql,
  orgId: string,
  interval: 'day' | 'week' | 'month',
  timeZone: string,
  filter: CommentFilter,
  engine: EngineChoice = 'auto',
): Promise<{
  interval: string;
  engine: Engine;
  periods: Array<{ period: string; comments: number }>;
  themes: Array<{ theme: string; name: string; points: Array<{ period: string; n: number; share: number }> }>;
}> {
  const [config, plan] = await Promise.all([
    loadTextConfig(sql, orgId),
    engine === 'raw' ? null : planThemeRollup(sql, orgId, filter, timeZone, interval),
  ]);
  if (engine === 'rollup' && !plan) cannotRollup();
  // Otherwise the comment index when it is loaded; else, for bounds off local midnight, whole days from
  // the rollup and the partial days at either edge from comments; else a scan.
  const ix = !plan && engine === 'auto' ? await currentCommentIndex(sql, orgId) : null;
  const words = ix ? await matchCommentWords(sql, ix, filter.q) : undefined;
  const fromIndex =
    ix && words !== null ? await trendFromIndex(sql, ix, interval, timeZone, filter, words) : null;
  const split =
    !plan && !fromIndex && engine === 'auto'
      ? await planThemeEdges(sql, orgId, filter, timeZone, interval)
      : null;
  const rows: TrendRow[] = plan
    ? await getThemeRollupTrend(sql, orgId, interval, plan)
    : fromIndex
      ? fromIndex
      : split
        ? await getSplitTrend(sql, orgId, interval, timeZone, split)
        : await getThemeTrend(sql, orgId, interval, timeZone, filter);
  const totals = new Map<string, number>();
  for (const r of rows) if (r.theme === null) totals.set(r.period, r.n);
  const byTheme = new Map<string, Array<{ period: string; n: number; share: number }>>();
  for (const r of rows) {
    if (r.theme === null) continue;
    const list = byTheme.get(r.theme) ?? [];
    const total = totals.get(r.period) ?? 0;
    list.push({ period: r.period, n: r.n, share: total > 0 ? r.n / total : 0 });
    byTheme.set(r.theme, list);
  }
  return {
    interval,
    engine: plan || split ? 'rollup' : fromIndex ? 'index' : 'raw',
    periods: [...totals].map(([period, comments]) => ({ period, comments })),
    themes: [...byTheme]
      .map(([theme, points]) => ({ theme, name: config.themeNames.get(theme) ?? theme, points }))
      .sort((a, b) => a.theme.localeCompare(b.theme)),
  };
}

const DAY_US = 86_400_000_000;

/**
 * Theme trend from the comment index: in UTC by arithmetic, in another zone by its local midnights over
 * the index's span (null, so the rollup or a scan answers, where a clock change falls near a midnight).
 */
async function trendFromIndex(
  sql: Sql,
  ix: CommentIndex,
  interval: 'day' | 'week' | 'month',
  timeZone: string,
  filter: CommentFilter,
  words: Uint8Array | undefined,
): Promise<TrendRow[] | null> {
  if (timeZone === 'UTC') return indexThemeTrend(ix, interval, filter, undefined, words);
  const span = ix.timeRange();
  if (!span) return indexThemeTrend(ix, interval, filter, undefined, words);
  // A local date is within a day of the UTC date; one more midnight closes the last.
  const firstDay = Math.floor(span.min / DAY_US) - 1;
  const at = await listLocalMidnights(sql, firstDay, Math.floor(span.max / DAY_US) + 2, timeZone);
  return at ? indexThemeTrend(ix, interval, filter, { firstDay, at }, words) : null;
}
