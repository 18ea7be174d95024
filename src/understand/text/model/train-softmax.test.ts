import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../csv.js';
import { trainCategoricalFromTable } from '../service.js';
import { TextClassifier, tokenizeSentences } from './classifier.js';
import { getDefaultSentimentModel } from './default-model.js';
import { multiClassReport } from './metrics.js';
import { crossValidateSoftmax, DEFAULT_SOFTMAX_SETTINGS } from './train-softmax.js';

const FIXTURE = fileURLToPath(new URL('../../../../tests/fixtures/org-train/posts.csv', import.meta.url));
const table = readCsv(FIXTURE);

/** Confusion matrix, per-class P/R/F1 and macro-F1 counted by hand, row by row. */
function handReport(predicted: ArrayLike<number>, actual: readonly number[], K: number) {
  const confusion = Array.from({ length: K }, () => Array.from({ length: K }, () => 0));
  for (let i = 0; i < actual.length; i++) {
    const row = confusion[actual[i] as number] as number[];
    row[predicted[i] as number] = (row[predicted[i] as number] as number) + 1;
  }
  const perClass = confusion.map((_, k) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < actual.length; i++) {
      if (predicted[i] === k && actual[i] === k) tp++;
      else if (predicted[i] === k) fp++;
      else if (actual[i] === k) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support: tp + fn };
  });
  return { confusion, perClass, macroF1: perClass.reduce((s, c) => s + c.f1, 0) / K };
}

describe('categorical training reports', () => {
  it('multiClassReport matches figures worked out on paper', () => {
    // actual:    n n n n p p p u u u   (n negative 0, u neutral 1, p positive 2)
    // predicted: n n n u p p n u u p
    const actual = [0, 0, 0, 0, 2, 2, 2, 1, 1, 1];
    const predicted = [0, 0, 0, 1, 2, 2, 0, 1, 1, 2];
    const r = multiClassReport(predicted, actual, ['negative', 'neutral', 'positive']);
    expect(r.confusion).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
    // negative: P 3/4, R 3/4, F1 3/4; neutral: P 2/3, R 2/3, F1 2/3; positive: P 2/3, R 2/3, F1 2/3.
    expect(r.perClass.map((c) => c.precision)).toEqual([0.75, 2 / 3, 2 / 3]);
    expect(r.perClass.map((c) => c.recall)).toEqual([0.75, 2 / 3, 2 / 3]);
    expect(r.perClass[0]?.f1).toBeCloseTo(0.75, 12);
    expect(r.perClass.map((c) => c.support)).toEqual([4, 3, 3]);
    expect(r.macroF1).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 12);
    expect(r.accuracy).toBe(0.7);
  });

  for (const [column, rule, classes] of [
    ['sentiment', 'sentiment3', ['negative', 'neutral', 'positive']],
    ['cause', 'categories', ['billing', 'delivery', 'staff']],
  ] as const) {
    it(`${rule}: per-class P/R/F1, macro-F1 and confusion agree with a hand count of the out-of-fold predictions`, () => {
      const report = trainCategoricalFromTable(table, { textColumn: 'text', labelColumn: column, folds: 3 });
      expect(report.rule).toBe(rule);
      expect(report.classes).toEqual(classes);
      expect(report.rowsUsed).toBe(45);
      // The same cross-validation, run again for its out-of-fold predictions, counted by hand.
      const labels = table.rows.map((r) => classes.findIndex((c) => c === r[column]?.toLowerCase()));
      const oof = crossValidateSoftmax(
        table.rows.map((r) => tokenizeSentences(r.text ?? '')),
        labels,
        classes,
        3,
        getDefaultSentimentModel().file.lexicon,
        DEFAULT_SOFTMAX_SETTINGS,
        42,
      ).outOfFold;
      const hand = handReport(oof, labels, 3);
      expect(report.cv.confusion).toEqual(hand.confusion);
      expect(hand.confusion.flat().reduce((a, b) => a + b, 0)).toBe(45);
      report.cv.perClass.forEach((c, k) => {
        expect(c.label).toBe(classes[k]);
        expect(c.support).toBe(15);
        expect(c.precision).toBeCloseTo(hand.perClass[k]?.precision as number, 12);
        expect(c.recall).toBeCloseTo(hand.perClass[k]?.recall as number, 12);
        expect(c.f1).toBeCloseTo(hand.perClass[k]?.f1 as number, 12);
      });
      expect(report.cv.macroF1).toBeCloseTo(hand.macroF1, 12);
      expect(report.cv.foldMacroF1).toHaveLength(3);
      // Written with character n-grams, and it scores text: the fitted model gets its own rows right.
      expect(report.model.features.charNgrams).toEqual([3, 5]);
      const model = TextClassifier.fromFile(JSON.parse(JSON.stringify(report.model)));
      let right = 0;
      table.rows.forEach((r, i) => {
        const p = model.probabilities(tokenizeSentences(r.text ?? ''));
        if (p.indexOf(Math.max(...p)) === labels[i]) right++;
      });
      expect(right).toBeGreaterThanOrEqual(40);
    });
  }
});
