// Agreement with reference values from scikit-learn, statsmodels, XGBoost and scipy (tests/fixtures/prove/generate.py).
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/fixtures/prove/prove-golden.json' with { type: 'json' };
import { brierScore, calibrationTable, logLoss, rocAuc } from '../../understand/stats/index.js';
import {
  analyseValue,
  binColumns,
  fitLogistic,
  gbdtContributions,
  gbdtMargin,
  groupOf,
  readBinary,
  stratifiedFolds,
  trainGbdt,
} from './index.js';

const columnsOf = (rows: number[][]): Float64Array[] =>
  (rows[0] ?? []).map((_, j) => Float64Array.from(rows, (r) => r[j] as number));

/** AUC by its definition: the share of (positive, negative) pairs ordered right, ties one half. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let good = 0;
  let pairs = 0;
  labels.forEach((yi, i) => {
    if (yi !== 1) return;
    labels.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      const a = scores[i] as number;
      const b = scores[j] as number;
      good += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return good / pairs;
}

describe('classification metrics', () => {
  it.each(golden.classification.map((c, i) => [i, c] as const))(
    'case %i matches sklearn and the pairwise count',
    (_, c) => {
      const auc = rocAuc(c.scores, c.labels) as number;
      expect(auc).toBeCloseTo(c.auc, 12);
      expect(auc).toBeCloseTo(pairwiseAuc(c.scores, c.labels), 12);
      expect(logLoss(c.probabilities, c.labels)).toBeCloseTo(c.logLoss, 10);
      expect(brierScore(c.probabilities, c.labels)).toBeCloseTo(c.brier, 12);
    },
  );

  it('is undefined with one class, 1 for a perfect ranking and 0.5 for all ties', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNull();
    expect(rocAuc([0.1, 0.2, 0.9], [0, 0, 1])).toBe(1);
    expect(rocAuc([0.3, 0.3, 0.3, 0.3], [0, 1, 0, 1])).toBe(0.5);
  });

  it('bins predictions into equal-count bins and weighs the calibration error by bin size', () => {
    const p = [0.1, 0.1, 0.2, 0.2, 0.8, 0.8, 0.9, 0.9];
    const y = [0, 0, 0, 1, 1, 1, 1, 1];
    const c = calibrationTable(p, y, 2);
    expect(c.bins.map((b) => [b.n, b.predicted, b.observed])).toEqual([
      [4, 0.15000000000000002, 0.25],
      [4, 0.85, 1],
    ]);
    // |0.25 - 0.15| / 2 + |1 - 0.85| / 2
    expect(c.ece).toBeCloseTo(0.125, 12);
  });
});

describe('logistic regression', () => {
  const X = columnsOf(golden.logistic.X);
  const y = golden.logistic.y;
  it('without a penalty equals the maximum-likelihood fit of statsmodels Logit', () => {
    const m = fitLogistic(X, y, { lambda: 0 });
    expect(m.converged).toBe(true);
    expect(m.intercept).toBeCloseTo(golden.logistic.mle.intercept, 6);
    for (const [j, c] of m.coefficients.entries())
      expect(c).toBeCloseTo(golden.logistic.mle.coefficients[j] as number, 7);
  });
  it('with an L2 penalty on standardised features equals sklearn LogisticRegression(C = 1/lambda)', () => {
    const m = fitLogistic(X, y, { lambda: golden.logistic.l2.lambda });
    expect(m.intercept).toBeCloseTo(golden.logistic.l2.intercept, 5);
    for (const [j, c] of m.coefficients.entries())
      expect(c).toBeCloseTo(golden.logistic.l2.coefficients[j] as number, 5);
  });
});

describe('gradient-boosted trees', () => {
  it('gives the margins of XGBoost exact greedy trees with the same settings', () => {
    const g = golden.gbdt;
    const X = columnsOf(g.X);
    const m = trainGbdt(X, g.y, {
      trees: g.trees,
      learningRate: g.learningRate,
      maxDepth: g.maxDepth,
      lambda: g.lambda,
      minLeaf: 1,
      maxBins: 256,
    });
    g.X.forEach((row, i) => {
      expect(gbdtMargin(m, row)).toBeCloseTo(g.margin[i] as number, 4);
    });
  });

  it('first tree: a stump whose leaves are the Newton steps -G/(H + lambda) worked by hand', () => {
    // x = 0 for rows 0-3 (labels 0,0,0,1), x = 1 for rows 4-7 (labels 1,1,1,0); start at p = 0.5
    const x = [Float64Array.from([0, 0, 0, 0, 1, 1, 1, 1])];
    const y = [0, 0, 0, 1, 1, 1, 1, 0];
    const m = trainGbdt(x, y, { trees: 1, maxDepth: 1, minLeaf: 1, lambda: 1, learningRate: 1 });
    // left: g = p - y = 0.5,0.5,0.5,-0.5 -> G = 1, H = 4 x 0.25 = 1 -> -1/2; right: G = -1 -> +1/2
    expect(m.bias).toBe(0);
    expect(m.trees[0]?.value).toEqual([-0, -0.5, 0.5]);
    // gain = 1/2 + 1/2 - 0/3
    expect(m.gain[0]).toBeCloseTo(1, 12);
  });

  it('contributions add up to the margin, and a feature the trees never use gets none', () => {
    const n = 2000;
    let s = 7;
    const rand = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const a = Float64Array.from({ length: n }, () => rand() * 10);
    const b = Float64Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
    const noise = Float64Array.from({ length: n }, () => 0);
    const y = Array.from(a, (v, i) => (rand() < 1 / (1 + Math.exp(-(v - 5 + 2 * (b[i] as number)))) ? 1 : 0));
    const m = trainGbdt([a, b, noise], y, { trees: 50 });
    for (let i = 0; i < 20; i++) {
      const row = [a[i] as number, b[i] as number, 0];
      const { bias, contributions } = gbdtContributions(m, row);
      expect(bias + contributions.reduce((x, c) => x + c, 0)).toBeCloseTo(gbdtMargin(m, row), 10);
      expect(contributions[2]).toBe(0);
    }
    const scores = Array.from(a, (_, i) => gbdtMargin(m, [a[i] as number, b[i] as number, 0]));
    // the true model's AUC on this sample is about 0.87; the trees come close
    expect(rocAuc(scores, y)).toBeGreaterThan(0.85);
  });

  it('bins few distinct values one per bin and many values at quantiles, missing in the lowest bin', () => {
    const { bins, edges } = binColumns([Float64Array.from([3, 1, 2, Number.NaN, 2])], 8);
    expect(Array.from(edges[0] as Float64Array)).toEqual([1.5, 2.5]);
    expect(Array.from(bins[0] as Uint8Array)).toEqual([2, 0, 1, 0, 1]);
    const many = binColumns([Float64Array.from({ length: 1000 }, (_, i) => i)], 4);
    expect(Array.from(many.edges[0] as Float64Array)).toEqual([250.5, 500.5, 750.5]);
  });

  it('refuses labels other than 0/1 and a single class', () => {
    expect(() => trainGbdt([Float64Array.from([1, 2])], [0, 2])).toThrow(/not 0 or 1/);
    expect(() => trainGbdt([Float64Array.from([1, 2])], [1, 1])).toThrow(/both outcomes/);
  });
});

describe('stratified folds', () => {
  it('put the same number of positives in every fold (within one)', () => {
    const y = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const f = stratifiedFolds(y, 5, 1);
    for (let k = 0; k < 5; k++) {
      const pos = y.filter((v, i) => v === 1 && f[i] === k).length;
      expect(pos === 5 || pos === 6).toBe(true);
    }
  });
});

describe('value by loyalty group', () => {
  it('groups NPS, CSAT and CES scores', () => {
    expect([0, 6, 7, 8, 9, 10, 11].map((s) => groupOf('nps', s))).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
      null,
    ]);
    expect([1, 2, 3, 4, 5].map((s) => groupOf('csat', s))).toEqual([
      'dissatisfied',
      'dissatisfied',
      'neutral',
      'satisfied',
      'satisfied',
    ]);
    expect([3, 4, 5].map((s) => groupOf('ces', s))).toEqual(['difficult', 'neutral', 'easy']);
  });

  it('reads yes/no outcomes as 0/1 and refuses mixed text', () => {
    expect(Array.from(readBinary(['yes', 'No', null, '1']) ?? [])).toEqual([1, 0, Number.NaN, 1]);
    expect(readBinary(['12.5', '3'])).toBeNull();
  });

  it('gives rates with Wilson intervals and the two-proportion test for yes/no outcomes', () => {
    // promoters 45/60 retained, detractors 60/100 (the CSAT golden pair of METHODS.md section 11)
    const scores = [...Array(60).fill(10), ...Array(100).fill(3)];
    const out = [...Array(45).fill(1), ...Array(15).fill(0), ...Array(60).fill(1), ...Array(40).fill(0)];
    const v = analyseValue('nps', scores, out, { binary: true });
    const promoter = v.categories[0];
    expect(promoter?.rate).toBe(0.75);
    expect(promoter?.ci?.low).toBeCloseTo(0.6277, 4);
    expect(promoter?.ci?.high).toBeCloseTo(0.8422, 4);
    expect(v.categories[1]?.n).toBe(0);
    const d = v.differences[0];
    expect(d?.difference).toBeCloseTo(0.15, 12);
    expect(d?.statistic).toBeCloseTo(1.934, 3);
    expect(d?.p).toBeCloseTo(0.0531, 4);
  });
});
