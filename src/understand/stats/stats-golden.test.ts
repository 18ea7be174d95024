// Table-driven agreement (1e-6) with reference values from scipy/statsmodels/numpy (tests/fixtures/stats/generate.py).
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/fixtures/stats/stats-golden.json' with { type: 'json' };
import {
  adjustBh,
  analyseDeliveryGap,
  analyseDrivers,
  classifyImportancePerformance,
  compareMeans,
  compareNps,
  compareProportions,
  compareSubgroupNps,
  linearTrend,
  npsInterval,
  npsMoments,
  proportionInterval,
  rejectBh,
  relativeWeightsFromCorrelation,
  responseRateRr1,
  responseRateRr2,
  responseRateRr3,
  shapleyFromCorrelation,
  sumMoments,
  summariseExpectationGap,
  summariseMean,
  summariseNps,
  summariseProportion,
  zCritical,
} from './index.js';

const TOL = 1e-6;
type Num = number | null | undefined;

/** Equal within 1e-6 (absolute, or relative for large magnitudes); null must match null. */
function near(actual: Num, expected: Num, label = ''): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const a = actual as number;
  expect(Math.abs(a - expected), `${label}: ${a} vs ${expected}`).toBeLessThanOrEqual(
    TOL * Math.max(1, Math.abs(expected)),
  );
}

const nums = (xs: ReadonlyArray<number | null>): number[] => xs.map((x) => (x === null ? Number.NaN : x));

describe('stats agree with scipy/statsmodels fixtures', () => {
  it('uses the same critical value', () => near(zCritical(0.95), golden.z975));

  describe.each(golden.nps)('NPS $name', (c) => {
    it('Wald and adjusted-Wald', () => {
      const w = npsInterval(c.counts, 'wald');
      if (c.wald === null) expect(w).toBeNull();
      else {
        near(w?.centre, c.wald.centre);
        near(w?.se, c.wald.se);
        near(w?.ci.low, c.wald.low);
        near(w?.ci.high, c.wald.high);
      }
      const aw = npsInterval(c.counts, 'adjusted-wald');
      near(aw?.centre, c.adjustedWald.centre);
      near(aw?.se, c.adjustedWald.se);
      near(aw?.ci.low, c.adjustedWald.low);
      near(aw?.ci.high, c.adjustedWald.high);
    });
    it('summary in points', () => {
      const s = summariseNps(c.counts);
      if (c.summary === null) {
        expect(s.score).toBeNull();
        expect(s.ci).toBeNull();
        expect(s.n).toBe(0);
        return;
      }
      near(s.score, c.summary.score);
      near(s.se, c.summary.se);
      near(s.ci?.low, c.summary.low);
      near(s.ci?.high, c.summary.high);
      expect(s.lowN).toBe(c.summary.lowN);
      const sh = s.shares;
      near((sh?.promoters ?? 0) + (sh?.passives ?? 0) + (sh?.detractors ?? 0), 1);
    });
  });

  describe.each(golden.npsCompare)('NPS compare $name', (c) => {
    it.each([
      ['wald', c.wald],
      ['adjusted-wald', c.adjustedWald],
    ] as const)('%s', (method, e) => {
      const r = compareNps(c.a, c.b, { method });
      if (e === null) {
        expect(r.statistic).toBeNull();
        expect(r.difference).toBeNull();
        return;
      }
      near(r.difference, e.difference, 'difference');
      near(r.se, e.se, 'se');
      near(r.statistic, e.z, 'z');
      near(r.p, e.p, 'p');
      near(r.ci?.low, e.low, 'low');
      near(r.ci?.high, e.high, 'high');
    });
  });

  describe.each(golden.proportions)('proportion $successes/$n', (c) => {
    it('intervals', () => {
      const methods = [
        ['wald', 'wald'],
        ['wilson', 'wilson'],
        ['agresti-coull', 'agrestiCoull'],
        ['clopper-pearson', 'clopperPearson'],
      ] as const;
      for (const [m, key] of methods) {
        const ci = proportionInterval(c, m);
        const e = (c as Record<string, unknown>)[key] as [number, number] | undefined;
        if (!e) expect(ci).toBeNull();
        else {
          near(ci?.low, e[0], `${m} low`);
          near(ci?.high, e[1], `${m} high`);
        }
      }
      const s = summariseProportion(c);
      const w = (c as Record<string, unknown>).wilson as [number, number] | undefined;
      if (!w) expect(s.estimate).toBeNull();
      else {
        near(s.estimate, (100 * c.successes) / c.n);
        near(s.ci?.low, 100 * w[0]);
        near(s.ci?.high, 100 * w[1]);
      }
    });
  });

  it.each(golden.twoProportions)('two proportions %#', (c) => {
    const r = compareProportions(c.a, c.b);
    const e = c.expected;
    if (e === null) {
      expect(r.difference).toBeNull();
      return;
    }
    near(r.difference, e.difference, 'difference');
    near(r.statistic, e.z, 'z');
    near(r.p, e.p, 'p');
    near(r.ci?.low, e.low, 'low');
    near(r.ci?.high, e.high, 'high');
  });

  it.each(golden.means)('mean $name', (c) => {
    const s = summariseMean(sumMoments(c.values));
    const e = c.expected;
    if (e === null) {
      expect(s.mean).toBeNull();
      return;
    }
    near(s.mean, e.mean, 'mean');
    near(s.sd, e.sd, 'sd');
    near(s.ci?.low, e.low, 'low');
    near(s.ci?.high, e.high, 'high');
  });

  it.each(golden.welch)('Welch $name', (c) => {
    const r = compareMeans(sumMoments(c.a), sumMoments(c.b));
    const e = c.expected;
    if (e === null) {
      expect(r.statistic).toBeNull();
      return;
    }
    near(r.difference, e.difference, 'difference');
    near(r.statistic, e.t, 't');
    near(r.df, e.df, 'df');
    near(r.p, e.p, 'p');
    near(r.ci?.low, e.low, 'low');
    near(r.ci?.high, e.high, 'high');
  });

  it.each(golden.bh)('Benjamini-Hochberg %#', (c) => {
    const adj = adjustBh(c.p);
    c.adjusted.forEach((v, i) => {
      near(adj[i], v, `adjusted ${i}`);
    });
    expect(rejectBh(c.p)).toEqual(c.reject);
  });

  describe.each(golden.drivers)('drivers: $name', (c) => {
    it('Shapley, relative weights, coefficients, performance', () => {
      const drivers = c.names.map((name, j) => ({ name, values: nums(c.X.map((row) => row[j] ?? null)) }));
      const r = analyseDrivers(nums(c.y), drivers, {
        notApplicable: c.notApplicable,
        missing: c.missing as 'listwise' | 'pairwise',
      });
      const e = c.expected;
      expect(r.n).toBe(e.n);
      near(r.r2, e.r2, 'r2');
      r.drivers.forEach((d, j) => {
        near(d.shapley, e.shapley[j], `shapley ${d.name}`);
        near(d.relativeWeight, e.relativeWeights[j], `rw ${d.name}`);
        near(d.coefficient, e.coefficients[j], `coef ${d.name}`);
        near(d.performance, e.performance[j], `performance ${d.name}`);
        near(d.correlation, e.correlation[j], `correlation ${d.name}`);
        expect(d.constant).toBe(e.constant[j]);
        expect(d.n).toBe(e.counts[j]);
        expect(d.sign).toBe(Math.abs(e.coefficients[j] ?? 0) < 1e-12 ? 0 : Math.sign(e.coefficients[j] ?? 0));
      });
      near(
        r.drivers.reduce((a, d) => a + (d.shapley ?? 0), 0),
        e.r2,
        'Shapley sums to R²',
      );
      near(
        r.drivers.reduce((a, d) => a + d.relativeWeight, 0),
        e.r2,
        'weights sum to R²',
      );
      expect(r.outcome).toBe(c.name.startsWith('binary') ? 'binary' : 'numeric');
    });
  });

  it.each(golden.correlationDrivers)('drivers from a correlation matrix: $name', (c) => {
    const flat = c.correlation.flat();
    const p = c.correlation.length - 1;
    const s = shapleyFromCorrelation(flat, p);
    near(s.r2, c.r2);
    s.lmg.forEach((v, j) => {
      near(v, c.shapley[j]);
    });
    const rw = relativeWeightsFromCorrelation(flat, p);
    rw.weights.forEach((v, j) => {
      near(v, c.relativeWeights[j]);
    });
  });

  it('expectation gap', () => {
    const g = golden.expectationGap;
    const items = g.items.map((i) => ({
      item: i.item,
      dimension: i.dimension,
      gap: sumMoments(i.perception.map((p, k) => p - (i.expectation[k] as number))),
    }));
    const r = summariseExpectationGap(items, { weights: g.weights });
    g.expected.items.forEach((e, k) => {
      const it = r.items[k];
      near(it?.gap.mean, e.mean, `${e.item} mean`);
      near(it?.gap.ci?.low, e.low, `${e.item} low`);
      near(it?.gap.ci?.high, e.high, `${e.item} high`);
    });
    for (const d of r.dimensions) near(d.gap, (g.expected.dimensions as Record<string, number>)[d.dimension]);
    near(r.unweighted, g.expected.unweighted);
    near(r.weighted, g.expected.weighted);
  });

  it('importance-performance quadrants', () => {
    const r = classifyImportancePerformance(golden.ipa.items);
    near(r.importanceCrosshair, golden.ipa.expected.importanceCrosshair);
    near(r.performanceCrosshair, golden.ipa.expected.performanceCrosshair);
    expect(r.points.map((p) => p.quadrant)).toEqual(golden.ipa.expected.quadrants);
  });

  it('delivery gap', () => {
    const g = golden.deliveryGap;
    const r = analyseDeliveryGap(
      g.items.map((i) => ({
        item: i.item,
        internal: sumMoments(i.internal),
        customer: sumMoments(i.customer),
      })),
      { superior: g.superior },
    );
    r.items.forEach((it, k) => {
      near(it.test.statistic, g.expected.t[k], 't');
      near(it.test.p, g.expected.p[k], 'p');
      near(it.pAdjusted, g.expected.pAdjusted[k], 'p adjusted');
      expect(it.classification).toBe(g.expected.classification[k]);
    });
    near(r.headline?.internal, g.expected.headline.internal);
    near(r.headline?.customer, g.expected.headline.customer);
    near(r.headline?.test.statistic, g.expected.headline.z);
    near(r.headline?.test.p, g.expected.headline.p);
  });

  it('AAPOR response rates', () => {
    const g = golden.responseRates;
    near(responseRateRr1(g.dispositions), g.rr1);
    near(responseRateRr2(g.dispositions), g.rr2);
    near(responseRateRr3(g.dispositions, g.e), g.rr3);
    expect(responseRateRr1({ complete: 0 })).toBeNull();
  });

  it('commenter (subgroup) bias', () => {
    const g = golden.subgroup;
    const r = compareSubgroupNps(g.subgroup, g.all);
    near(r.bias, g.expected.bias);
    near(r.rest.score, g.expected.restScore);
    near(r.test.statistic, g.expected.z);
    near(r.test.p, g.expected.p);
  });
});

describe('linear trend agrees with scipy linregress', () => {
  it.each(golden.trend)('$name', (c) => {
    const groups = c.groups.map((g) => ({ x: g.x, ...sumMoments(g.values) }));
    const r = linearTrend(groups);
    near(r?.n, c.expected.n);
    near(r?.slope, c.expected.slope, 'slope');
    near(r?.se, c.expected.se, 'se');
    near(r?.p, c.expected.p, 'p');
    near(r?.ci.low, c.expected.low, 'low');
    near(r?.ci.high, c.expected.high, 'high');
    const counts = (c.groups[0] as { counts?: Parameters<typeof npsMoments>[0] }).counts;
    if (counts) {
      const viaCounts = linearTrend(
        c.groups.map((g) => ({
          x: g.x,
          ...npsMoments((g as { counts: Parameters<typeof npsMoments>[0] }).counts),
        })),
      );
      near(viaCounts?.slope, c.expected.slope, 'slope from NPS counts');
    }
  });
  it('is null without spread in x', () => {
    expect(linearTrend([{ x: 1, ...sumMoments([1, 2, 3]) }])).toBeNull();
  });
});
