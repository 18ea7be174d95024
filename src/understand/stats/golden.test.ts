// ../shared/docs/METHODS.md section 11 golden values, checked to the precision the table publishes.
import { describe, expect, it } from 'vitest';
import {
  adjustBh,
  compareMeans,
  compareNps,
  compareProportions,
  npsInterval,
  proportionInterval,
  sumMoments,
  summariseMean,
  summariseNps,
} from './index.js';

const A = { promoters: 40, passives: 30, detractors: 30 };
const B = { promoters: 60, passives: 30, detractors: 30 };
const close = (actual: number | null | undefined, expected: number, digits: number): void => {
  expect(actual).toBeCloseTo(expected, digits);
};

describe('../shared/docs/METHODS.md golden values', () => {
  it('NPS A Wald and adjusted-Wald', () => {
    const w = npsInterval(A, 'wald');
    close(w?.centre, 0.1, 6);
    close(w?.se, 0.08307, 5);
    close(w?.ci.low, -0.0628, 4);
    close(w?.ci.high, 0.2628, 4);
    const aw = npsInterval(A, 'adjusted-wald');
    close(aw?.centre, 0.09709, 5);
    close(aw?.se, 0.08154, 5);
    close(aw?.ci.low, -0.0627, 4);
    close(aw?.ci.high, 0.2569, 4);
    const s = summariseNps(A);
    close(s.score, 10, 9);
    close(s.ci?.low, -6.27, 2);
    close(s.ci?.high, 25.69, 2);
    expect(s.lowN).toBe(false);
  });
  it('NPS A trinomial t (mean of +1/0/-1 codes)', () => {
    const codes = [...Array(40).fill(1), ...Array(30).fill(0), ...Array(30).fill(-1)] as number[];
    const m = summariseMean(sumMoments(codes));
    close(m.ci?.low, -0.0657, 4);
    close(m.ci?.high, 0.2657, 4);
  });
  it('NPS B and B - A', () => {
    close(npsInterval(B, 'wald')?.se, 0.07569, 5);
    close(npsInterval(B, 'adjusted-wald')?.centre, 0.2439, 5);
    close(npsInterval(B, 'adjusted-wald')?.se, 0.07459, 5);
    const w = compareNps(B, A, { method: 'wald' });
    close(w.statistic, 1.3348, 4);
    close(w.p, 0.182, 4);
    const aw = compareNps(B, A);
    close(aw.statistic, 1.3285, 4);
    close(aw.p, 0.184, 4);
    close(aw.difference, 15, 9);
  });
  it('CSAT 45/60 intervals', () => {
    const s = { successes: 45, n: 60 };
    const check = (m: 'wald' | 'wilson' | 'agresti-coull' | 'clopper-pearson', lo: number, hi: number) => {
      const ci = proportionInterval(s, m);
      close(ci?.low, lo, 4);
      close(ci?.high, hi, 4);
    };
    check('wald', 0.6404, 0.8596);
    check('wilson', 0.6277, 0.8422);
    check('agresti-coull', 0.6267, 0.8432);
    check('clopper-pearson', 0.6214, 0.8528);
    const z = compareProportions(s, { successes: 60, n: 100 });
    close(z.statistic, 1.934, 4);
    close(z.p, 0.0531, 4);
  });
  it('Tullis adjusted-Wald example 4/5', () => {
    const ci = proportionInterval({ successes: 4, n: 5 }, 'agresti-coull');
    close(ci?.low, 0.3596, 4);
    close(ci?.high, 0.9796, 3); // Tullis truncates: 0.97968
  });
  it('CES mean and Welch t', () => {
    const ces = sumMoments([7, 6, 6, 5, 7, 4, 6, 5, 7, 3, 6, 6]);
    const m = summariseMean(ces);
    close(m.mean, 5.6667, 4);
    close(m.ci?.low, 4.8846, 4);
    close(m.ci?.high, 6.4488, 4);
    const t = compareMeans(ces, sumMoments([5, 5, 4, 6, 3, 5, 4, 6, 5, 4]));
    close(t.statistic, 2.0787, 4);
    close(t.df, 19.91, 2);
    close(t.p, 0.0508, 4);
  });
  it('BH equals the @stdlib example', () => {
    const adj = adjustBh([0.008, 0.03, 0.123, 0.6, 0.2]);
    for (const [i, v] of [0.04, 0.075, 0.205, 0.6, 0.25].entries()) close(adj[i], v, 6);
  });
});
