// The churn model scores with the better of the trees and the logistic baseline in the same
// cross-validation, and explains a logistic score by w_j (x_j - mean_j) from the mean row.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { encodeRows, logisticMargin, rowOf, type StringTable, scoreChurn, trainChurn } from './index.js';

/** Rows of two continuous features; churn from `logit(a, b)`, seeded. */
function table(n: number, seed: number, logit: (a: number, b: number) => number): StringTable {
  const rnd = mulberry32(seed);
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const a = rnd() * 10;
    const b = rnd() * 10;
    const y = rnd() < 1 / (1 + Math.exp(-logit(a, b))) ? '1' : '0';
    rows.push([`c${i}`, a.toFixed(3), b.toFixed(3), y]);
  }
  return { header: ['id', 'a', 'b', 'churned'], rows };
}

describe('model selection', () => {
  it('keeps the logistic baseline when churn is linear in the log odds, and scores with it', () => {
    const t = table(400, 11, (a, b) => -3 + 0.4 * a + 0.2 * b);
    const m = trainChurn(t, { outcome: 'churned', id: 'id' });
    expect(m.report.baseline.auc).toBeGreaterThanOrEqual(m.report.cv.auc);
    expect(m.report.model).toBe('logistic');
    expect(m.report.selection).toMatch(/^logistic baseline/);
    const lr = m.logistic;
    if (!lr) throw new Error('no logistic model saved');
    const scores = scoreChurn(m, t, 2);
    const x = encodeRows(m.encoding, t);
    for (const i of [0, 1, 2, 199, 399]) {
      const margin = logisticMargin(lr, rowOf(x, i));
      expect(scores[i]?.probability).toBeCloseTo(1 / (1 + Math.exp(-margin)), 12);
      // a reason's contribution is w (x - mean): positive only above the mean for a positive weight
      for (const r of scores[i]?.reasons ?? []) {
        const j = m.encoding.names.indexOf(r.feature);
        const w = lr.coefficients[j] as number;
        expect(r.contribution).toBeCloseTo(w * (Number(r.value) - (lr.means[j] as number)), 9);
        expect(r.contribution).toBeGreaterThan(0);
      }
    }
  });

  it('uses the trees when they rank better (churn on one side of a threshold crossing, which no line separates)', () => {
    const t = table(600, 12, (a, b) => (a > 5 !== b > 5 ? 2 : -2));
    const m = trainChurn(t, { outcome: 'churned', id: 'id' });
    expect(m.report.cv.auc).toBeGreaterThan(0.75);
    expect(m.report.baseline.auc).toBeLessThan(0.6);
    expect(m.report.model).toBe('gbdt');
    expect(m.report.selection).toMatch(/^gradient-boosted trees/);
  });
});
