// The comment index's selection and newest-first walk against a brute-force loop over the same comments,
// with comments appended out of time order and re-enriched in place.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { CommentIndex } from './comment-index.js';
import type { CommentFilter } from './filters.js';
import type { CommentIndexRow } from './queries/comment-index-read.js';

const rand = mulberry32(7);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const THEMES = ['a', 'b', 'c'];

function row(id: number, at: number): CommentIndexRow {
  return {
    id: `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`,
    at,
    survey: rand() < 0.5 ? 's1' : null,
    touchpoint: pick(['t1', 't2', null]),
    channel: pick(['web', 'email']),
    nps: rand() < 0.8 ? Math.floor(rand() * 11) : null,
    csat: null,
    ces: null,
    rating: rand() < 0.5 ? Math.fround(rand()) : null,
    ratingNumeric: null,
    attributes: rand() < 0.9 ? [['plan', pick(['free', 'pro'])]] : [],
    sentiment: pick(['positive', 'negative', null]),
    counted: rand() < 0.9,
    readable: rand() < 0.5,
    themes: THEMES.filter(() => rand() < 0.4).map((t) => [t, null, rand() < 0.9, 1, 0] as const),
    words: [],
  };
}

/** What a comment must meet for `f`, written out plainly. */
function keeps(r: CommentIndexRow, f: CommentFilter): boolean {
  if (f.touchpointId !== undefined && r.touchpoint !== f.touchpointId) return false;
  if (f.surveyId !== undefined && r.survey !== f.surveyId) return false;
  if (f.channel !== undefined && r.channel !== f.channel) return false;
  if (f.sentiment !== undefined && r.sentiment !== f.sentiment) return false;
  if (f.from && r.at < f.from.getTime() * 1000) return false;
  if (f.to && r.at >= f.to.getTime() * 1000) return false;
  for (const [k, v] of Object.entries(f.attributes ?? {}))
    if (!r.attributes.some(([name, value]) => name === k && value === v)) return false;
  if (f.theme !== undefined && !r.themes.some(([t]) => t === f.theme)) return false;
  if (f.score) {
    const v = f.score.metric === 'rating' ? r.rating : r.nps;
    if (v === null || v < (f.score.min ?? -1e9) || v > (f.score.max ?? 1e9)) return false;
  }
  return true;
}

describe('comment index', () => {
  it('selects and walks newest first as a loop over the comments does', () => {
    const ix = new CommentIndex(4);
    const rows: CommentIndexRow[] = [];
    // 3,000 in time order, then 300 late arrivals anywhere in time, then re-enrichments of 200.
    for (let i = 0; i < 3000; i++) rows.push(row(i, 1_000_000 * i));
    for (let i = 3000; i < 3300; i++) rows.push(row(i, Math.floor(rand() * 3300) * 1_000_000 + 1));
    for (const r of rows) ix.add(r);
    expect(ix.ordered).toBe(3000);
    for (let k = 0; k < 200; k++) {
      const i = Math.floor(rand() * rows.length);
      const again = { ...row(i, (rows[i] as CommentIndexRow).at), ...rows[i], themes: row(0, 0).themes };
      rows[i] = again;
      ix.add(again);
    }
    for (let n = 0; n < 300; n++) {
      const f: CommentFilter = {};
      if (rand() < 0.5) f.from = new Date(Math.floor(rand() * 3300) * 1000 + 0.5);
      if (rand() < 0.5) f.to = new Date(Math.floor(rand() * 3300) * 1000);
      if (rand() < 0.3) f.channel = pick(['web', 'email', 'fax']);
      if (rand() < 0.3) f.attributes = { plan: pick(['free', 'pro', 'team']) };
      if (rand() < 0.2) f.touchpointId = pick(['t1', 't2']);
      if (rand() < 0.2) f.surveyId = 's1';
      if (rand() < 0.2) f.sentiment = pick(['positive', 'negative']);
      if (rand() < 0.3) f.theme = pick([...THEMES, 'z']);
      if (rand() < 0.2) f.score = rand() < 0.5 ? { metric: 'nps', min: 7 } : { metric: 'rating', max: 0.5 };
      const want = rows.flatMap((r, i) => (keeps(r, f) ? [i] : []));
      expect([...(ix.select(f) ?? [])].sort((a, b) => a - b)).toEqual(want);
      const limit = Math.floor(rand() * 50);
      const newest = ix.newest(f, limit, (i) => i % 3 !== 0) ?? [];
      const wantNewest = want
        .filter((i) => i % 3 !== 0)
        .sort((a, b) => (rows[b] as CommentIndexRow).at - (rows[a] as CommentIndexRow).at)
        .slice(0, limit);
      expect(newest.map((i) => rows[i]?.at)).toEqual(wantNewest.map((i) => rows[i]?.at));
    }
    expect(ix.select({ q: 'words' })).toBeNull();
  });
});
