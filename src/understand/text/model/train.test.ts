import { describe, expect, it } from 'vitest';
import { MODEL_FORMAT_VERSION, ModelFormatError, TextClassifier, tokenizeSentences } from './classifier.js';
import { getDefaultSentimentModel } from './default-model.js';
import { createRandom } from './hashing.js';
import { rocAuc } from './metrics.js';
import {
  binariseLabel,
  compareWithDefault,
  crossValidate,
  crossValidateThemes,
  detectLabelRule,
  fitNeutralBand,
  trainSentiment,
  trainThemes,
} from './train.js';

// A small synthetic corpus: positive comments praise, negative ones complain, with shared filler.
function corpus(n: number, seed = 1) {
  const random = createRandom(seed);
  const good = ['great', 'lovely', 'helpful', 'quick', 'perfect', 'friendly'];
  const bad = ['awful', 'slow', 'rude', 'broken', 'late', 'useless'];
  const filler = ['the', 'service', 'staff', 'order', 'shop', 'was', 'and', 'it'];
  const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)] as string;
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = random() < 0.6 ? 1 : 0;
    const words = Array.from({ length: 6 }, () => pick(filler));
    words.splice(2, 0, pick(y ? good : bad));
    if (random() < 0.3) words.push(pick(y ? bad : good)); // some noise
    texts.push(words.join(' '));
    labels.push(y);
  }
  return { texts, labels, comments: texts.map((t) => tokenizeSentences(t)) };
}

const meta = { version: 'test@1', language: 'en' };

describe('label rules', () => {
  it('detects the rule from the values', () => {
    expect(detectLabelRule(['0', '1', '1', ''])).toBe('binary');
    expect(detectLabelRule(['yes', 'no'])).toBe('binary');
    expect(detectLabelRule(['1', '5', '3'])).toBe('rating5');
    expect(detectLabelRule(['0', '10', '7'])).toBe('nps');
    expect(detectLabelRule(['20', '100'])).toBe('rating10');
    expect(detectLabelRule(['good', 'bad'])).toBe('categories');
  });

  it('binarises NPS (passives out), ratings (3 out) and binary labels', () => {
    expect([10, 9, 8, 7, 6, 0].map((v) => binariseLabel(String(v), 'nps'))).toEqual([
      1,
      1,
      undefined,
      undefined,
      0,
      0,
    ]);
    expect([5, 4, 3, 2, 1].map((v) => binariseLabel(String(v), 'rating5'))).toEqual([1, 1, undefined, 0, 0]);
    expect(binariseLabel('Yes', 'binary')).toBe(1);
    expect(binariseLabel('NA', 'nps')).toBeUndefined();
  });
});

describe('sentiment training', () => {
  const { comments, labels } = corpus(600);

  it('cross-validates well above chance on a learnable corpus', () => {
    const cv = crossValidate(comments, labels, 5, undefined);
    expect(cv.rocAuc).toBeGreaterThan(0.85);
    expect(cv.foldAuc).toHaveLength(5);
    expect(cv.accuracy).toBeGreaterThan(0.75);
  });

  it('writes a versioned model file that loads and scores the same after a JSON round trip', () => {
    const file = trainSentiment(comments, labels, undefined, meta);
    expect(file.formatVersion).toBe(MODEL_FORMAT_VERSION);
    const a = TextClassifier.fromFile(file);
    const b = TextClassifier.fromFile(JSON.parse(JSON.stringify(file)));
    const s = tokenizeSentences('the staff was great and lovely');
    expect(b.margins(s)[0]).toBeCloseTo(a.margins(s)[0] as number, 9);
    expect(a.margins(s)[0]).toBeGreaterThan(0);
    expect(a.margins(tokenizeSentences('rude and slow'))[0]).toBeLessThan(0);
  });

  it('refuses files of another format version or not a model at all, with a message', () => {
    const file = trainSentiment(comments, labels, undefined, meta);
    expect(() => TextClassifier.fromFile({ ...file, formatVersion: 99 })).toThrow(ModelFormatError);
    expect(() => TextClassifier.fromFile({ ...file, formatVersion: 99 })).toThrow(
      /version 99 is not supported.*retrain/,
    );
    expect(() => TextClassifier.fromFile({ hello: 1 })).toThrow(/not a Northstar text model/);
  });

  it('switches from the default only when the trained model beats it', () => {
    const cv = crossValidate(comments, labels, 5, undefined);
    const verdict = compareWithDefault(cv.outOfFold, getDefaultSentimentModel(), comments, labels);
    expect(verdict.candidateAuc).toBeCloseTo(rocAuc(cv.outOfFold, labels), 12);
    expect(verdict.switchToCandidate).toBe(verdict.candidateAuc >= verdict.defaultAuc + verdict.margin);
    const useless = compareWithDefault(
      new Float64Array(labels.length),
      getDefaultSentimentModel(),
      comments,
      labels,
    );
    expect(useless.switchToCandidate).toBe(false);
    expect(useless.reason).toMatch(/keep the default/);
  });

  it('fits a neutral band that separates three classes', () => {
    const margins = [-3, -2.5, -2, -0.2, 0, 0.3, 2, 2.5, 3];
    const classes = [-1, -1, -1, 0, 0, 0, 1, 1, 1] as const;
    const band = fitNeutralBand(margins, [...classes], 0);
    expect(band.macroF1).toBe(1);
    expect(band.halfWidth).toBeGreaterThan(0.3);
    expect(band.halfWidth).toBeLessThan(2);
  });
});

describe('theme classifier', () => {
  it('learns one-vs-rest themes from hand tags', () => {
    const random = createRandom(3);
    const texts: string[] = [];
    const tags: string[][] = [];
    for (let i = 0; i < 300; i++) {
      const t: string[] = [];
      const words = ['i', 'visited', 'today'];
      if (random() < 0.5) {
        t.push('price');
        words.push(random() < 0.5 ? 'expensive' : 'price');
      }
      if (random() < 0.4) {
        t.push('staff');
        words.push(random() < 0.5 ? 'cashier' : 'employee');
      }
      texts.push(words.join(' '));
      tags.push(t);
    }
    const comments = texts.map((t) => tokenizeSentences(t));
    const cv = crossValidateThemes(comments, tags, 5);
    expect(cv.themes.map((t) => t.theme)).toEqual(['price', 'staff']);
    expect(cv.macroF1).toBeGreaterThan(0.9);
    const model = TextClassifier.fromFile(trainThemes(comments, tags, meta));
    const m = model.margins(tokenizeSentences('the cashier was nice'));
    expect(model.classes.map((c) => c.label)).toEqual(['price', 'staff']);
    expect(m[1]).toBeGreaterThan(m[0] as number);
  });
});
