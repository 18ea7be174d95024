// Theme impact: score among comments that mention a theme vs those that do not, with CI, ranked by impact × volume.
import {
  type Comparison,
  compareMeans,
  compareNps,
  type NpsCounts,
  sumMoments,
  summariseMean,
  summariseNps,
} from '../stats/index.js';

/** How the scores are read: NPS (0–10, promoters minus detractors) or a plain mean (ratings, CSAT). */
export type ImpactMetric = 'nps' | 'mean';

/** Impact of one theme on the score. */
export interface ThemeImpact {
  theme: string;
  /** Comments mentioning the theme (with a score). */
  mentions: number;
  /** Share of scored comments that mention it (0 … 1). */
  share: number;
  /** Score among comments mentioning it and among the others (NPS points or mean). */
  scoreWith: number | null;
  scoreWithout: number | null;
  /** with − without, with its interval and p-value (compareNps or Welch t from the stats module). */
  comparison: Comparison;
  /** −difference × share: how many points the theme costs the overall score; the fix-first ranking key. */
  priority: number | null;
  /** How the comments speak of the theme itself (aspect sentiment of the clauses that mention it). */
  aspect?: AspectSummary;
}

/** Aspect sentiment of a theme over the scored comments that mention it. */
export interface AspectSummary {
  /** Mentions with an aspect score. */
  mentions: number;
  /** Mean aspect score (−1 … 1). */
  mean: number;
  /** Shares of those mentions scored below −0.2 (negative) and above 0.2 (positive). */
  negative: number;
  positive: number;
}

/** Threshold on the aspect score (p(positive) − p(negative)) for counting a mention negative or positive. */
export const ASPECT_THRESHOLD = 0.2;

/** Summarise aspect scores (NaN: no score, left out); undefined when none. */
export function summariseAspect(scores: readonly number[]): AspectSummary | undefined {
  const xs = scores.filter((x) => !Number.isNaN(x));
  if (xs.length === 0) return undefined;
  return {
    mentions: xs.length,
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
    negative: xs.filter((x) => x < -ASPECT_THRESHOLD).length / xs.length,
    positive: xs.filter((x) => x > ASPECT_THRESHOLD).length / xs.length,
  };
}

function npsCounts(scores: readonly number[]): NpsCounts {
  const c = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    if (s >= 9) c.promoters++;
    else if (s >= 7) c.passives++;
    else c.detractors++;
  }
  return c;
}

/**
 * For each theme, compare the score of comments that mention it with the rest.
 * `themes[i]` lists the theme ids of comment i and `scores[i]` its score (NaN: unscored, left out).
 * Sorted by priority: themes that pull the score down the most, weighted by how often they come up, first.
 */
export function computeThemeImpact(
  themes: readonly (readonly string[])[],
  scores: readonly number[],
  metric: ImpactMetric,
  level = 0.95,
): ThemeImpact[] {
  const scored = scores.flatMap((s, i) => (Number.isFinite(s) ? [i] : []));
  const ids = [...new Set(scored.flatMap((i) => themes[i] ?? []))].sort();
  const out = ids.map((theme): ThemeImpact => {
    const withScores: number[] = [];
    const withoutScores: number[] = [];
    for (const i of scored)
      ((themes[i] ?? []).includes(theme) ? withScores : withoutScores).push(scores[i] as number);
    let comparison: Comparison;
    let scoreWith: number | null;
    let scoreWithout: number | null;
    if (metric === 'nps') {
      const a = npsCounts(withScores);
      const b = npsCounts(withoutScores);
      comparison = compareNps(a, b, { level });
      scoreWith = summariseNps(a, { level }).score;
      scoreWithout = summariseNps(b, { level }).score;
    } else {
      const a = sumMoments(withScores);
      const b = sumMoments(withoutScores);
      comparison = compareMeans(a, b, { level });
      scoreWith = summariseMean(a, { level }).mean;
      scoreWithout = summariseMean(b, { level }).mean;
    }
    const share = scored.length > 0 ? withScores.length / scored.length : 0;
    return {
      theme,
      mentions: withScores.length,
      share,
      scoreWith,
      scoreWithout,
      comparison,
      priority: comparison.difference === null ? null : -comparison.difference * share,
    };
  });
  return out.sort(
    (a, b) => (b.priority ?? Number.NEGATIVE_INFINITY) - (a.priority ?? Number.NEGATIVE_INFINITY),
  );
}
