import { describe, expect, it } from 'vitest';
import { TextClassifier, tokenizeSentences } from './classifier.js';
import { getDefaultSentimentModel } from './default-model.js';
import { createRandom } from './hashing.js';
import { multiClassReport } from './metrics.js';
import { predictSentimentClass, scoreSentiment } from './sentiment.js';
import { detectLabelRule, sentimentLabelOf } from './train.js';
import { balancedRowWeights, crossValidateSoftmax, trainSoftmaxModel } from './train-softmax.js';

// Three classes in words no lexicon knows: only the hashed features can learn them.
function corpus(n: number, seed = 3) {
  const random = createRandom(seed);
  const words = [
    ['florg', 'blik', 'grum'],
    ['quib', 'tav', 'modd'],
    ['zorp', 'brill', 'yay'],
  ];
  const filler = ['the', 'visit', 'desk', 'was', 'and', 'it'];
  const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)] as string;
  const labels: number[] = [];
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = i % 3;
    const w = Array.from({ length: 5 }, () => pick(filler));
    w.splice(2, 0, pick(words[y] as string[]));
    texts.push(w.join(' '));
    labels.push(y);
  }
  return { labels, comments: texts.map((t) => tokenizeSentences(t)) };
}

describe('multi-class report', () => {
  it('per-class precision, recall, F1, macro-F1 and confusion worked by hand', () => {
    // actual:    0 0 0 1 1 2
    // predicted: 0 0 1 1 2 2
    const r = multiClassReport([0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 2], ['a', 'b', 'c']);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    // a: P 2/2, R 2/3, F1 0.8; b: P 1/2, R 1/2, F1 0.5; c: P 1/2, R 1, F1 2/3.
    expect(r.perClass.map((c) => c.f1)).toEqual([0.8, 0.5, expect.closeTo(2 / 3, 12)]);
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('macro-F1 averages only the classes that occur', () => {
    const r = multiClassReport([0, 1, 2], [0, 2, 2], ['negative', 'neutral', 'positive']);
    // negative F1 1; positive P 1, R 1/2, F1 2/3; neutral never occurs.
    expect(r.macroF1).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });
});

describe('softmax models', () => {
  it('balanced row weights give each class the same total and average 1', () => {
    const w = balancedRowWeights([0, 0, 0, 1], 2);
    expect(w[0] as number).toBeCloseTo(2 / 3, 12);
    expect(w[3] as number).toBeCloseTo(2, 12);
    expect([...w].reduce((a, b) => a + b, 0)).toBeCloseTo(4, 12);
  });

  it('learns three classes, survives a save/load round trip and cross-validates', () => {
    const { labels, comments } = corpus(300);
    const file = trainSoftmaxModel(comments, labels, ['negative', 'neutral', 'positive'], undefined, {
      kind: 'sentiment',
      version: 'test@3',
      language: 'en',
    });
    expect(file.softmax).toBe(true);
    const model = TextClassifier.fromFile(JSON.parse(JSON.stringify(file)));
    expect(predictSentimentClass(model, tokenizeSentences('the desk was florg'))).toBe(0);
    expect(predictSentimentClass(model, tokenizeSentences('the desk was quib'))).toBe(1);
    expect(predictSentimentClass(model, tokenizeSentences('the desk was zorp'))).toBe(2);
    const p = model.probabilities(tokenizeSentences('zorp'));
    expect((p[0] as number) + (p[1] as number) + (p[2] as number)).toBeCloseTo(1, 12);
    const cv = crossValidateSoftmax(comments, labels, ['negative', 'neutral', 'positive'], 5, undefined);
    expect(cv.macroF1).toBeGreaterThan(0.95);
    expect(cv.foldMacroF1).toHaveLength(5);
    expect(cv.confusion.flat().reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('scores each sentence on its own: one positive and one negative sentence', () => {
    const { labels, comments } = corpus(300);
    const model = TextClassifier.fromFile(
      trainSoftmaxModel(comments, labels, ['negative', 'neutral', 'positive'], undefined, {
        kind: 'sentiment',
        version: 'test@3',
        language: 'en',
      }),
    );
    const r = scoreSentiment(model, 'The desk was zorp. The visit was florg.');
    expect(r.sentences.map((s) => s.label)).toEqual(['positive', 'negative']);
    expect(r.model).toBe('test@3');
    // The comment's label agrees with its class probabilities.
    expect(['positive', 'neutral', 'negative']).toContain(r.label);
  });

  it('reads a long text with balanced positive and negative evidence as neutral (mixed band)', () => {
    const { labels, comments } = corpus(300);
    const file = trainSoftmaxModel(comments, labels, ['negative', 'neutral', 'positive'], undefined, {
      kind: 'sentiment',
      version: 'test@3',
      language: 'en',
    });
    const plain = TextClassifier.fromFile(file);
    const banded = TextClassifier.fromFile({ ...file, mixedBand: { perLogWord: 2, fromWords: 5 } });
    const mixed = tokenizeSentences(`${'zorp florg desk '.repeat(10)}zorp`);
    const lean = tokenizeSentences(`${'zorp zorp zorp florg desk '.repeat(6)}`);
    expect(predictSentimentClass(plain, mixed)).toBe(2);
    expect(predictSentimentClass(banded, mixed)).toBe(1);
    expect(scoreSentiment(banded, `${'zorp florg desk '.repeat(10)}zorp`).label).toBe('neutral');
    // A clear lean stays positive; a short text (within fromWords) is never forced to neutral.
    expect(predictSentimentClass(banded, lean)).toBe(2);
    expect(predictSentimentClass(banded, tokenizeSentences('zorp florg'))).toBe(
      predictSentimentClass(plain, tokenizeSentences('zorp florg')),
    );
  });

  it('reads three-class labels in any casing and other words as categories', () => {
    expect(detectLabelRule(['Positive', 'NEGATIVE', 'neutral'])).toBe('sentiment3');
    expect(detectLabelRule(['billing', 'delivery', 'Staff'])).toBe('categories');
    expect(detectLabelRule(['yes', 'no'])).toBe('binary');
    expect(sentimentLabelOf(' Neutral ')).toBe('neutral');
  });
});

describe('the default English model', () => {
  const model = getDefaultSentimentModel();
  const label = (t: string) => scoreSentiment(model, t).label;

  it('is a three-class model that carries the attribution of its training data', () => {
    expect(model.isSoftmax).toBe(true);
    expect(model.classes.map((c) => c.label)).toEqual(['negative', 'neutral', 'positive']);
    const attribution = (model.file.training?.attribution ?? []) as string[];
    expect(attribution.join('\n')).toMatch(/CC BY 4\.0/);
    expect(attribution.join('\n')).toMatch(/DynaSent/);
  });

  it('calls questions and plain statements neutral', () => {
    expect(label('When does the 9:40 leave?')).toBe('neutral');
    expect(label('Do you ship to Canada?')).toBe('neutral');
    expect(label('I ordered a blue jumper on Monday.')).toBe('neutral');
  });

  it('calls service failures negative without emotional words', () => {
    for (const t of [
      'My flight was delayed 3 hours',
      'Flight cancelled again',
      'I have been on hold for 40 minutes',
      'Still no refund after six weeks',
      'My parcel arrived damaged',
      'You charged me twice',
      'My bag was lost',
      'The staff were rude',
    ]) {
      expect([t, label(t)]).toEqual([t, 'negative']);
    }
  });

  it('calls praise positive', () => {
    expect(label('Great service, thanks!')).toBe('positive');
    expect(label('The nurse was kind and explained everything')).toBe('positive');
  });
});
