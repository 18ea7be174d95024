import { describe, expect, it } from 'vitest';
import { binaryReport, rocAuc, stratifiedFolds } from './metrics.js';

describe('rocAuc', () => {
  it('matches the rank formula, ties counted half (sklearn roc_auc_score values)', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 1, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.2, 0.2, 0.9], [0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
  });
});

describe('binaryReport', () => {
  it('gives accuracy and macro-F1', () => {
    const r = binaryReport([0.9, 0.8, 0.2, 0.6], [1, 1, 0, 0], 0.5);
    expect(r.accuracy).toBe(0.75);
    // F1(positive) = 0.8, F1(negative) = 2/3
    expect(r.macroF1).toBeCloseTo((0.8 + 2 / 3) / 2, 12);
  });
});

describe('stratifiedFolds', () => {
  it('spreads each class evenly and is reproducible', () => {
    const labels = [...Array(50).fill(1), ...Array(10).fill(0)];
    const f = stratifiedFolds(labels, 5, 7);
    for (let k = 0; k < 5; k++) {
      expect(labels.filter((y, i) => y === 0 && f[i] === k)).toHaveLength(2);
      expect(labels.filter((y, i) => y === 1 && f[i] === k)).toHaveLength(10);
    }
    expect([...stratifiedFolds(labels, 5, 7)]).toEqual([...f]);
  });
});
