// Acceptance figures on the shared public datasets; skipped with a message where they are absent.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, SHARED_DATA } from '../../../tests/support/require.js';
import { readCsv } from './csv.js';
import { icuSentences, splitSentences, tokenizeSentences } from './model/classifier.js';
import { getDefaultSentimentModel } from './model/default-model.js';
import { detectLanguage } from './model/language.js';
import { rocAuc } from './model/metrics.js';
import { type AnyTrainReport, isCategoricalReport, type TrainReport, trainFromTable } from './service.js';

function binary(r: AnyTrainReport): TrainReport {
  if (isCategoricalReport(r)) throw new Error(`expected a binary training report, got rule ${r.rule}`);
  return r;
}

const CLOTHING_FILE = 'womens-clothing-reviews/reviews.csv';
const GARDEN_FILE = 'nps-botanic-garden-centre/nps.csv';
const CLOTHING = path.join(SHARED_DATA, CLOTHING_FILE);
const GARDEN = path.join(SHARED_DATA, GARDEN_FILE);
const present = hasSharedData('text evaluation', [CLOTHING_FILE, GARDEN_FILE]);

describe.skipIf(!present)('text analytics on public datasets', { timeout: 120_000 }, () => {
  it('default English model: held-out ROC-AUC >= 0.93 predicting Recommended IND', () => {
    const table = readCsv(CLOTHING);
    const index = table.columns[0] ?? '';
    const rows = table.rows.filter(
      (r) => Number(r[index]) % 5 === 4 && `${r.Title ?? ''}${r['Review Text'] ?? ''}`.trim() !== '',
    );
    const model = getDefaultSentimentModel();
    const scores = rows.map((r) => {
      const text = [r.Title, r['Review Text']].filter((s) => s && s.trim() !== '').join('. ');
      return model.polarity(tokenizeSentences(text));
    });
    const auc = rocAuc(
      scores,
      rows.map((r) => Number(r['Recommended IND'])),
    );
    console.log(`default model held-out ROC-AUC ${auc.toFixed(4)} on ${rows.length} reviews`);
    expect(auc).toBeGreaterThanOrEqual(0.93);
  });

  it('northstar text train, 5-fold CV: clothing reviews ROC-AUC >= 0.959', () => {
    const report = binary(
      trainFromTable(readCsv(CLOTHING), {
        textColumn: ['Title', 'Review Text'],
        labelColumn: 'Recommended IND',
        folds: 5,
      }),
    );
    console.log(
      `clothing CV ROC-AUC ${report.cv.rocAuc.toFixed(4)}, accuracy ${report.cv.accuracy.toFixed(3)}, macro-F1 ${report.cv.macroF1.toFixed(3)}`,
    );
    expect(report.cv.rocAuc).toBeGreaterThanOrEqual(0.959);
  }, 120_000);

  it('northstar text train, 5-fold CV: French garden-centre promoters vs detractors ROC-AUC >= 0.77', () => {
    const report = binary(
      trainFromTable(readCsv(GARDEN, 'latin1'), {
        textColumn: 'explication',
        labelColumn: 'nps',
        folds: 5,
      }),
    );
    console.log(
      `garden-centre CV ROC-AUC ${report.cv.rocAuc.toFixed(4)}, macro-F1 ${report.cv.macroF1.toFixed(3)}`,
    );
    expect(report.rule).toBe('nps');
    expect(report.language).toBe('fr');
    expect(report.cv.rocAuc).toBeGreaterThanOrEqual(0.77);
    expect(report.comparison.switchToCandidate).toBe(true);
  }, 60_000);

  it('the fast sentence splitter agrees with Intl.Segmenter on >= 98% of reviews, >= 95% of French comments', () => {
    const texts = readCsv(CLOTHING)
      .rows.map((r) => r['Review Text'] ?? '')
      .filter((t) => t !== '');
    const same = texts.filter(
      (t) => JSON.stringify(splitSentences(t)) === JSON.stringify(icuSentences(t)),
    ).length;
    console.log(`sentence splits identical to Intl.Segmenter: ${same} of ${texts.length} clothing reviews`);
    expect(same / texts.length).toBeGreaterThanOrEqual(0.98);
    const french = readCsv(GARDEN, 'latin1')
      .rows.map((r) => r.explication ?? '')
      .filter((t) => t !== '' && t !== 'NA');
    const sameFr = french.filter(
      (t) => JSON.stringify(splitSentences(t)) === JSON.stringify(icuSentences(t)),
    ).length;
    console.log(
      `sentence splits identical to Intl.Segmenter: ${sameFr} of ${french.length} garden-centre comments`,
    );
    expect(sameFr / french.length).toBeGreaterThanOrEqual(0.95);
  }, 60_000);
});

const TWEETS_FILE = 'sentiment-training/tweets-general.csv';
const TWEETS = path.join(SHARED_DATA, TWEETS_FILE);
describe.skipIf(!hasSharedData('language identification evaluation', [TWEETS_FILE]))(
  'language identification on short English posts',
  () => {
    it('takes fewer than 0.5% of 5,000 short English posts for another language', () => {
      const texts = readCsv(TWEETS)
        .rows.slice(0, 5000)
        .map((r) => r.text ?? '');
      const other = texts.filter((t) => {
        const l = detectLanguage(t, tokenizeSentences(t)).language;
        return l !== 'en' && l !== 'und';
      });
      console.log(`short English posts detected as another language: ${other.length} of ${texts.length}`);
      expect(other.length / texts.length).toBeLessThan(0.005);
    });
  },
);
