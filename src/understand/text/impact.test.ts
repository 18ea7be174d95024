import { describe, expect, it } from 'vitest';
import { compareMeans, compareNps, sumMoments } from '../stats/index.js';
import { computeThemeImpact } from './impact.js';

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
});
