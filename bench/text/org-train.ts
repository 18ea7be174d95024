// Organisation training against a plain reference, same folds, same run:
//   node --import tsx bench/text/org-train.ts [file.csv] [text column] [label column]
// Defaults to the general social posts (../shared/data/sentiment-training/tweets-general.csv, text, sentiment).
// Prints, per fold and overall, the macro-F1 of the organisation trainer (northstar text train's settings)
// and of TF-IDF (word 1–2-grams, sublinear tf, min_df 2) + L2 multinomial logistic regression, both on the
// stratified folds the trainer uses (seed 42). FOLDS_OUT=path writes the fold of each row (for an external
// reference such as bench/text/fixtures/sklearn-reference.py).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { readCsv } from '../../src/understand/text/csv.js';
import { TextClassifier, tokenizeSentences } from '../../src/understand/text/model/classifier.js';
import { getDefaultSentimentModel } from '../../src/understand/text/model/default-model.js';
import { multiClassReport, stratifiedFolds } from '../../src/understand/text/model/metrics.js';
import { sentimentLabelOf } from '../../src/understand/text/model/train.js';
import {
  crossValidateSoftmax,
  DEFAULT_SOFTMAX_SETTINGS,
  trainSoftmaxModel,
} from '../../src/understand/text/model/train-softmax.js';
import { fitLogReg, ngrams, predictLogReg, tfidf } from './tfidf-logreg.js';

const file = process.argv[2] ?? '../shared/data/sentiment-training/tweets-general.csv';
const textColumn = process.argv[3] ?? 'text';
const labelColumn = process.argv[4] ?? 'sentiment';
const K_FOLDS = 5;
const SEED = 42;

const table = readCsv(file);
const rows = table.rows.filter(
  (r) => (r[textColumn] ?? '').trim() !== '' && (r[labelColumn] ?? '').trim() !== '',
);
const sentiment = rows.every((r) => sentimentLabelOf(r[labelColumn] ?? '') !== undefined);
const classes = sentiment
  ? ['negative', 'neutral', 'positive']
  : [...new Set(rows.map((r) => (r[labelColumn] ?? '').trim().toLowerCase()))].sort();
const labels = rows.map((r) =>
  classes.indexOf(
    sentiment
      ? (sentimentLabelOf(r[labelColumn] ?? '') as string)
      : (r[labelColumn] ?? '').trim().toLowerCase(),
  ),
);
const texts = rows.map((r) => r[textColumn] ?? '');
const folds = stratifiedFolds(labels, K_FOLDS, SEED);
if (process.env.FOLDS_OUT) {
  writeFileSync(
    process.env.FOLDS_OUT,
    `fold,label\n${labels.map((y, i) => `${folds[i]},${y}`).join('\n')}\n`,
  );
}
console.log(
  `${file}: ${rows.length} rows, classes ${classes.join(' / ')}; load average ${loadavg()[0]?.toFixed(1)}`,
);

// Reference: TF-IDF + L2 logistic regression, vocabulary and idf fitted on each training fold only.
let t0 = performance.now();
const docs = texts.map(ngrams);
const refOof = new Int32Array(labels.length);
const refFolds: number[] = [];
for (let f = 0; f < K_FOLDS; f++) {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < labels.length; i++) (folds[i] === f ? test : train).push(i);
  const model = fitLogReg(
    tfidf(docs, train, train),
    train.map((i) => labels[i] as number),
    classes.length,
  );
  const pred = predictLogReg(tfidf(docs, train, test), model);
  test.forEach((i, j) => {
    refOof[i] = pred[j] as number;
  });
  refFolds.push(
    multiClassReport(
      pred,
      test.map((i) => labels[i] as number),
      classes,
    ).macroF1,
  );
}
const refTime = (performance.now() - t0) / 1000;
const ref = multiClassReport(refOof, labels, classes);

// Organisation trainer, with the settings `northstar text train` uses.
t0 = performance.now();
const comments = texts.map((t) => tokenizeSentences(t));
const lexicon = getDefaultSentimentModel().file.lexicon;
const ours = crossValidateSoftmax(
  comments,
  labels,
  classes,
  K_FOLDS,
  lexicon,
  DEFAULT_SOFTMAX_SETTINGS,
  SEED,
);
const ourTime = (performance.now() - t0) / 1000;

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
console.log(
  `TF-IDF + LR reference: macro-F1 ${ref.macroF1.toFixed(3)} (folds ${fmt(refFolds)}), accuracy ${ref.accuracy.toFixed(3)}, ${refTime.toFixed(1)} s`,
);
console.log(
  `organisation trainer:  macro-F1 ${ours.macroF1.toFixed(3)} (folds ${fmt(ours.foldMacroF1)}), accuracy ${ours.accuracy.toFixed(3)}, ${ourTime.toFixed(1)} s`,
);
console.log(
  `per class (ours / reference F1): ${classes.map((c, k) => `${c} ${ours.perClass[k]?.f1.toFixed(3)} / ${ref.perClass[k]?.f1.toFixed(3)}`).join(', ')}`,
);
console.log(
  `difference: ${ours.macroF1 - ref.macroF1 >= 0 ? '+' : ''}${(ours.macroF1 - ref.macroF1).toFixed(3)}; load average ${loadavg()[0]?.toFixed(1)}`,
);

// Training time on 100,000 comments (the posts repeated), and scoring speed of the trained model against
// the default model on the same posts (tokenise + class probabilities, one core, best of 3).
const N = 100_000;
t0 = performance.now();
const big = Array.from({ length: N }, (_, i) => tokenizeSentences(texts[i % texts.length] as string));
const t1 = performance.now();
const file100k = trainSoftmaxModel(
  big,
  Array.from({ length: N }, (_, i) => labels[i % labels.length] as number),
  classes,
  lexicon,
  { kind: sentiment ? 'sentiment' : 'categories', version: 'bench', language: 'en' },
);
const t2 = performance.now();
console.log(
  `training on ${N} comments: tokenise ${((t1 - t0) / 1000).toFixed(1)} s + train ${((t2 - t1) / 1000).toFixed(1)} s = ${((t2 - t0) / 1000).toFixed(1)} s (target ≤ 60 s)`,
);
const speed = (model: TextClassifier): number => {
  const out = new Float64Array(model.classes.length);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const s0 = performance.now();
    for (const t of texts) model.probabilities(tokenizeSentences(t), out);
    best = Math.max(best, texts.length / ((performance.now() - s0) / 1000));
  }
  return best;
};
const orgSpeed = speed(TextClassifier.fromFile(file100k));
const defaultSpeed = speed(getDefaultSentimentModel());
console.log(
  `scoring: trained model ${Math.round(orgSpeed)} comments/s, default model ${Math.round(defaultSpeed)} comments/s (ratio ${(orgSpeed / defaultSpeed).toFixed(2)}); load average ${loadavg()[0]?.toFixed(1)}`,
);
