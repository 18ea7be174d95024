// Language identification on real short posts, and word-list sentiment on real French comments
// (../shared/data; skipped where absent).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { hasSharedData, SHARED_DATA } from '../../../tests/support/require.js';
import { tokenizeSentences } from './model/classifier.js';
import { getDefaultSentimentModel } from './model/default-model.js';
import { detectLanguage } from './model/language.js';
import { rocAuc } from './model/metrics.js';
import { createPipeline } from './pipeline.js';

const TWEETS = 'sentiment-training/tweets-general.csv';
const FRENCH = 'nps-botanic-garden-centre/nps.csv';
const present = hasSharedData('language identification on shared data', [TWEETS, FRENCH]);

describe.skipIf(!present)('languages on real comments', { timeout: 120_000 }, () => {
  it('takes almost no short English post for another language', () => {
    const rows = parse(readFileSync(path.join(SHARED_DATA, TWEETS)), { columns: true }) as Array<{
      text: string;
    }>;
    let wrong = 0;
    let undetermined = 0;
    const examples: string[] = [];
    for (const { text } of rows) {
      const l = detectLanguage(text, tokenizeSentences(text)).language;
      if (l === 'und') undetermined++;
      else if (l !== 'en') {
        wrong++;
        if (examples.length < 5) examples.push(`${l}: ${text}`);
      }
    }
    console.log(
      `English posts (${rows.length}): ${((100 * wrong) / rows.length).toFixed(2)}% taken for another language, ` +
        `${((100 * undetermined) / rows.length).toFixed(1)}% undetermined (scored as English); e.g. ${examples.join(' | ')}`,
    );
    expect(rows.length).toBeGreaterThan(30_000);
    expect(wrong / rows.length).toBeLessThan(0.005);
  });

  it('recognises French comments and scores them from the word list (promoters above detractors)', () => {
    const rows = (
      parse(readFileSync(path.join(SHARED_DATA, FRENCH), 'latin1'), { columns: true }) as Array<{
        nps: string;
        explication: string;
      }>
    ).filter((r) => r.explication && r.explication !== 'NA' && r.nps !== 'NA');
    const pipeline = createPipeline({ sentiment: getDefaultSentimentModel(), redact: false });
    let french = 0;
    let wordList = 0;
    const scores: number[] = [];
    const promoter: number[] = [];
    for (const r of rows) {
      const res = pipeline.run(r.explication);
      if (res.language?.language !== 'fr') continue;
      french++;
      // Comments that mix in English keep the English model; the others take the word list.
      if (res.sentiment?.confidence === 'low') wordList++;
      const nps = Number(r.nps);
      if (nps >= 7 && nps <= 8) continue;
      scores.push(res.sentiment?.score ?? 0);
      promoter.push(nps >= 9 ? 1 : 0);
    }
    const auc = rocAuc(scores, promoter);
    console.log(
      `French comments (${rows.length}): ${((100 * french) / rows.length).toFixed(1)}% detected as French, ` +
        `${((100 * wordList) / french).toFixed(1)}% of them scored by the word list; ` +
        `promoters vs detractors ROC-AUC ${auc.toFixed(3)}`,
    );
    expect(french / rows.length).toBeGreaterThan(0.9);
    expect(wordList / french).toBeGreaterThan(0.9);
    expect(auc).toBeGreaterThan(0.6);
  });
});
