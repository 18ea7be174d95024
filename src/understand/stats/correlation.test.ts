// Pearson r, its Fisher z interval and p against scipy.stats.pearsonr (tests/fixtures/stats/generate_correlation.py), at 1e-9.
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/fixtures/stats/correlation-golden.json' with { type: 'json' };
import { pearsonCorrelation } from './correlation.js';

const near = (a: number | null | undefined, e: number | null, label: string) => {
  if (e === null) return expect(a ?? null, label).toBeNull();
  expect(Math.abs((a as number) - e), `${label}: ${a} vs ${e}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(e)),
  );
};

describe('pearsonCorrelation against scipy', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      const res = pearsonCorrelation(c.x, c.y, { level: c.level });
      expect(res.n).toBe(c.x.length);
      near(res.r, c.r, 'r');
      near(res.p, c.p, 'p');
      near(res.ci?.low, c.low, 'low');
      near(res.ci?.high, c.high, 'high');
    });
  }

  it('says nothing for fewer than three pairs or a constant variable', () => {
    expect(pearsonCorrelation([1, 2], [3, 4])).toEqual({ n: 2, r: null, ci: null, p: null });
    expect(pearsonCorrelation([1, 2, 3, 4], [5, 5, 5, 5]).r).toBeNull();
    expect(() => pearsonCorrelation([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});
