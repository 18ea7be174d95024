// Theme impact's sums for a word search alone against a plain loop over the comments: the common word
// (matched by more than half, summed as the index's totals less the others), a rarer one (summed
// directly), each with the direct sum too, and again after re-enrichments (the totals follow). Theme
// trend for a word search alone against the same search through the selection.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { CommentIndex } from './comment-index.js';
import { indexThemeSums, indexThemeTrend } from './comment-index-answers.js';
import { parseTsquery, type WordQuery } from './comment-words.js';
import type { CommentIndexRow } from './queries/comment-index-read.js';
import type { ImpactMeasure, ScoreSums } from './queries/theme-score-sums.js';

const rand = mulberry32(11);
const THEMES = ['a', 'b', 'c', 'd'];
const DAY_US = 86_400_000_000;
const maybe = (p: number, v: number) => (rand() < p ? v : null);

function row(id: number): CommentIndexRow {
  const words: Array<[string, number[]]> = [];
  if (rand() < 0.7) words.push(['common', [1]]);
  if (rand() < 0.2) words.push(['rare', [2]]);
  return {
    id: `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
    at: 1_700_000_000_000_000 + Math.floor(rand() * 120) * DAY_US + id,
    survey: null,
    touchpoint: null,
    channel: 'web',
    nps: maybe(0.8, Math.floor(rand() * 11)),
    csat: maybe(0.6, 1 + Math.floor(rand() * 5)),
    ces: maybe(0.5, 1 + Math.floor(rand() * 7)),
    rating: null,
    ratingNumeric: maybe(0.5, 1 + Math.floor(rand() * 5)),
    attributes: [],
    sentiment: null,
    counted: rand() < 0.9,
    readable: true,
    themes: THEMES.filter(() => rand() < 0.4).map(
      (t) => [t, rand() < 0.8 ? Math.round((rand() * 2 - 1) * 1000) / 1000 : null, true, 1, 0] as const,
    ),
    words,
  };
}

const SHIFT: Record<ImpactMeasure, number> = { nps: 5, csat: 3, ces: 4, rating: 0.5 };

/** The sums written out plainly over the comments with `word`. */
function reference(
  rows: CommentIndexRow[],
  measure: ImpactMeasure,
  word: string,
): Map<string | null, ScoreSums> {
  const out = new Map<string | null, ScoreSums>();
  const block = (theme: string | null): ScoreSums => {
    const kept = out.get(theme);
    if (kept) return kept;
    const b = { theme, n: 0, promoters: 0, passives: 0, detractors: 0, top: 0, sum: 0 };
    const full = { sumSquares: 0, aspectN: 0, aspectNegative: 0, aspectPositive: 0, aspectSum: 0, ...b };
    out.set(theme, full);
    return full;
  };
  block(null);
  for (const r of rows) {
    if (!r.counted || !r.words.some(([w]) => w === word)) continue;
    const v = measure === 'rating' ? r.ratingNumeric : r[measure];
    const groups = [block(null), ...r.themes.map(([t]) => block(t))];
    for (const b of groups) {
      if (v === null) continue;
      b.n++;
      if (measure === 'nps') {
        if (v >= 9) b.promoters++;
        else if (v >= 7) b.passives++;
        else b.detractors++;
      } else if (measure === 'csat') b.top += v >= 4 ? 1 : 0;
      else {
        b.sum += v - SHIFT[measure];
        b.sumSquares += (v - SHIFT[measure]) ** 2;
      }
    }
    for (const [t, a] of r.themes) {
      if (a === null) continue;
      const b = block(t);
      b.aspectN = b.aspectN + 1;
      if (a < -0.2) b.aspectNegative++;
      if (a > 0.2) b.aspectPositive++;
      b.aspectSum += a;
    }
  }
  return out;
}

function expectSums(got: ScoreSums[] | null, want: Map<string | null, ScoreSums>): void {
  expect(got).not.toBeNull();
  expect(new Set(got?.map((s) => s.theme))).toEqual(new Set(want.keys()));
  for (const s of got ?? []) {
    const w = want.get(s.theme) as ScoreSums;
    for (const k of Object.keys(w) as Array<keyof ScoreSums>)
      if (k !== 'theme') expect(s[k] as number).toBeCloseTo(w[k] as number, 9);
  }
}

describe('theme impact and trend for a word search alone', () => {
  it('sums the matches as the totals less the others, and directly, as a loop does', () => {
    const ix = new CommentIndex(16);
    const rows = Array.from({ length: 4000 }, (_, i) => row(i));
    for (const r of rows) ix.add(r);
    const check = () => {
      for (const word of ['common', 'rare']) {
        const matches = ix.words.match(parseTsquery(`'${word}'`) as WordQuery);
        for (const measure of ['nps', 'csat', 'ces', 'rating'] as const) {
          const want = reference(rows, measure, word);
          expectSums(indexThemeSums(ix, measure, { q: word }, matches), want);
          expectSums(indexThemeSums(ix, measure, { q: word }, matches, false), want);
        }
      }
    };
    check();
    // Re-enrich 500 comments (new themes, scores kept): the kept totals must follow.
    for (let k = 0; k < 500; k++) {
      const i = Math.floor(rand() * rows.length);
      const r = rows[i] as CommentIndexRow;
      const fresh = row(i);
      rows[i] = { ...r, counted: fresh.counted, themes: fresh.themes };
      ix.add(rows[i] as CommentIndexRow);
    }
    check();
  });

  it('gives the trend of a word search alone as through the selection', () => {
    const ix = new CommentIndex(16);
    for (let i = 0; i < 3000; i++) ix.add(row(i));
    const matches = ix.words.match(parseTsquery("'common'") as WordQuery);
    // A date before every comment keeps them all but sends the search through the selection.
    const from = new Date(1_600_000_000_000);
    for (const interval of ['day', 'week', 'month'] as const) {
      const alone = indexThemeTrend(ix, interval, { q: 'common' }, undefined, matches);
      expect(alone?.length).toBeGreaterThan(0);
      expect(alone).toEqual(indexThemeTrend(ix, interval, { q: 'common', from }, undefined, matches));
    }
  });
});
