import { describe, expect, it } from 'vitest';
import { compareMeans, compareNps, sumMoments } from '../stats/index.js';
import { computeThemeImpact, summariseAspect } from './impact.js';
import { impactFromResults } from './impact-table.js';
import type { EnrichmentResult } from './pipeline.js';

describe('computeThemeImpact', () => {
  const themes = [['price'], ['price'], ['price', 'staff'], ['staff'], [], [], ['staff'], []];
  const nps = [0, 3, 6, 10, 9, 10, 9, 8];

  it('compares NPS with and without each theme (stats module), ranked by impact × volume', () => {
    const out = computeThemeImpact(themes, nps, 'nps');
    expect(out.map((t) => t.theme)).toEqual(['price', 'staff']);
    const price = out[0];
    expect(price?.mentions).toBe(3);
    expect(price?.scoreWith).toBe(-100);
    expect(price?.scoreWithout).toBe(80);
    const ref = compareNps(
      { promoters: 0, passives: 0, detractors: 3 },
      { promoters: 4, passives: 1, detractors: 0 },
    );
    expect(price?.comparison).toEqual(ref);
    expect(price?.priority).toBeCloseTo(180 * (3 / 8), 9);
  });

  it('uses Welch means for ratings and leaves unscored rows out', () => {
    const ratings = [1, 2, 2, 5, 4, 5, Number.NaN, 4];
    const out = computeThemeImpact(themes, ratings, 'mean');
    const price = out.find((t) => t.theme === 'price');
    expect(price?.comparison).toEqual(compareMeans(sumMoments([1, 2, 2]), sumMoments([5, 4, 5, 4])));
    expect(out.find((t) => t.theme === 'staff')?.mentions).toBe(2);
  });

  it('summarises aspect sentiment: mean, and shares below −0.2 and above 0.2', () => {
    expect(summariseAspect([-0.5, -0.1, 0.6, Number.NaN])).toEqual({
      mentions: 3,
      mean: 0,
      negative: 1 / 3,
      positive: 1 / 3,
    });
    expect(summariseAspect([Number.NaN])).toBeUndefined();
  });

  it('theme impact from analysed rows carries each theme’s aspect sentiment over the scored rows', () => {
    const row = (themes: Array<[string, number]>): EnrichmentResult => ({
      text: '',
      originalLength: 0,
      truncated: false,
      versions: {},
      themes: themes.map(([id, sentiment]) => ({ id, name: id, mentions: 1, sentiment })),
    });
    const results = [
      row([
        ['staff', 0.8],
        ['billing', -0.6],
      ]),
      row([['billing', -0.4]]),
      row([['staff', 0.5]]),
      row([]),
    ];
    const table = { columns: ['nps'], rows: [{ nps: '9' }, { nps: '2' }, { nps: '' }, { nps: '10' }] };
    const out = impactFromResults(table, results, 'nps');
    const billing = out.themes.find((t) => t.theme === 'billing');
    expect(billing?.aspect).toEqual({ mentions: 2, mean: -0.5, negative: 1, positive: 0 });
    // The third row has no score: its staff mention is left out, as in the score comparison.
    expect(out.themes.find((t) => t.theme === 'staff')?.aspect?.mentions).toBe(1);
  });
});
