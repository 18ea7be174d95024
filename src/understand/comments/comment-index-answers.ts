// What the comment index answers: the sums of theme impact, the rows of theme trend (UTC) and the
// candidates of theme verbatims, as the scans of `getThemeScoreSums`, `getThemeTrend` and
// `getThemeVerbatims` read them. Pure.
import type { CommentIndex } from './comment-index.js';
import type { CommentFilter } from './filters.js';
import type { TrendRow } from './queries/theme-trend.js';

export { indexThemeSums } from './comment-index-sums.js';

/**
 * The ids of the verbatims `getThemeVerbatims` picks: among the `candidates` newest comments `filter`
 * keeps that mention `theme` in themeIds and in themes[], the `limit` first by a text of 40-400
 * characters, then the element's mentions (none first, as SQL sorts nulls in descending order), then its
 * absolute sentence sentiment, then the newest. Null when the filter has words and `words` is not given.
 */
export function indexVerbatimIds(
  ix: CommentIndex,
  theme: string,
  filter: CommentFilter,
  candidates: number,
  limit: number,
  words?: Uint8Array,
): string[] | null {
  const code = ix.themeCode(theme);
  // The element of each candidate: the first of themeIds with the id (the one `?` and the scan see alike).
  const element = new Map<number, number>();
  const listed = (i: number) => {
    const s = ix.themeStart[i] as number;
    const e = s + (ix.themeCount[i] as number);
    for (let p = s; p < e; p++) {
      if (ix.poolTheme[p] !== code) continue;
      if (ix.poolListed[p] !== 1) return false;
      element.set(i, p);
      return true;
    }
    return false;
  };
  const newest = ix.newest({ ...filter, theme }, candidates, listed, words);
  if (!newest) return null;
  const found = newest.map((i) => ({ i, p: element.get(i) as number }));
  const at = (x: { i: number }) => ix.at[x.i] as number;
  const mentions = (x: { p: number }) => {
    const m = ix.poolMentions[x.p] as number;
    return Number.isNaN(m) ? Number.POSITIVE_INFINITY : m;
  };
  return found
    .sort(
      (a, b) =>
        (ix.readable[b.i] as number) - (ix.readable[a.i] as number) ||
        mentions(b) - mentions(a) ||
        (ix.poolStrength[b.p] as number) - (ix.poolStrength[a.p] as number) ||
        at(b) - at(a),
    )
    .slice(0, limit)
    .map((x) => ix.idOf(x.i));
}

const DAY_US = 86_400_000_000;

/** The first day (days since the epoch) of the UTC week (from Monday) or month holding `day`. */
function periodStart(interval: 'day' | 'week' | 'month', day: number): number {
  if (interval === 'day') return day;
  // 1970-01-01 was a Thursday: Monday is 0 in (day + 3) mod 7.
  if (interval === 'week') return day - ((((day + 3) % 7) + 7) % 7);
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
}

/**
 * The local midnights of a zone over a span of dates, as PostgreSQL places them: `at[k]` (microseconds)
 * begins the local date `firstDay + k` (days since 1970-01-01).
 */
export interface LocalMidnights {
  firstDay: number;
  at: Float64Array;
}

/** The local date (days since the epoch) of instant `t`: the last midnight at or before it. */
function localDay(z: LocalMidnights, t: number): number {
  let lo = 0;
  let hi = z.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((z.at[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return z.firstDay + lo - 1;
}

/**
 * The rows `getThemeTrend` gives for `filter` in UTC, or in the zone of `zone` (its midnights must span
 * every comment of the index, a day on either side): per period, the enriched, not skipped comments
 * (theme null) and each theme's mentions, by period and totals first. Null when the filter has words and
 * `words` is not given.
 */
export function indexThemeTrend(
  ix: CommentIndex,
  interval: 'day' | 'week' | 'month',
  filter: CommentFilter,
  zone?: LocalMidnights,
  words?: Uint8Array,
): TrendRow[] | null {
  // A word search alone walks the words' bitmap, over the days of the whole index (periods without a
  // comment are left out alike); any other filter its selection, over the days of the comments read.
  const bitmap = ix.wordsAlone(filter, words);
  const rows = bitmap ? null : ix.select(filter, words);
  if (!bitmap && !rows) return null;
  const width = ix.themeIds.length + 1;
  const dayOf = zone ? (t: number) => localDay(zone, t) : (t: number) => Math.floor(t / DAY_US);
  // Days of the comments read, each mapped to its period's slot; counts per slot and theme (0: total).
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  if (rows)
    for (const i of rows) {
      const day = dayOf(ix.at[i] as number);
      if (day < first) first = day;
      if (day > last) last = day;
    }
  else {
    const span = ix.timeRange();
    if (span) {
      first = dayOf(span.min);
      last = dayOf(span.max);
    }
  }
  if (first > last) return [];
  const slotOfDay = new Int32Array(last - first + 1);
  const starts: number[] = [];
  for (let d = first; d <= last; d++) {
    const start = periodStart(interval, d);
    if (starts[starts.length - 1] !== start) starts.push(start);
    slotOfDay[d - first] = starts.length - 1;
  }
  const counts = new Float64Array(starts.length * width);
  const { at, counted, themeStart, themeCount, poolTheme } = ix;
  const n = rows ? rows.length : Math.min((bitmap as Uint8Array).length, ix.length);
  for (let r = 0; r < n; r++) {
    let i: number;
    if (rows) i = rows[r] as number;
    else {
      if ((bitmap as Uint8Array)[r] !== 1) continue;
      i = r;
    }
    if (counted[i] !== 1) continue;
    const t = at[i] as number;
    const day = zone ? localDay(zone, t) : Math.floor(t / DAY_US);
    const base = (slotOfDay[day - first] as number) * width;
    counts[base] = (counts[base] as number) + 1;
    const s = themeStart[i] as number;
    const e = s + (themeCount[i] as number);
    for (let p = s; p < e; p++) {
      const k = base + (poolTheme[p] as number) + 1;
      counts[k] = (counts[k] as number) + 1;
    }
  }
  const out: TrendRow[] = [];
  starts.forEach((start, slot) => {
    const base = slot * width;
    if ((counts[base] as number) === 0) return;
    const period = new Date(start * 86_400_000).toISOString().slice(0, 10);
    out.push({ period, theme: null, n: counts[base] as number });
    for (let k = 1; k < width; k++) {
      const n = counts[base + k] as number;
      if (n > 0) out.push({ period, theme: ix.themeIds[k - 1] as string, n });
    }
  });
  return out;
}
