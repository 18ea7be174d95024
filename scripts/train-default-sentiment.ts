// Builds Northstar's default English sentiment model (three classes) and writes
// src/understand/text/model/default-en.json.
//
//   node --import tsx scripts/train-default-sentiment.ts            # build (about a minute on one core)
//   LODO=1 node --import tsx scripts/train-default-sentiment.ts     # also record leave-one-domain-out figures
//
// Data: every labelled set in ../shared/data (see corpus.ts: general social posts, DynaSent business-review
// sentences, UCI polar sentences, Amazon fine-food reviews, clothing reviews, Skytrax airline reviews),
// minus each set's fixed held-out part (rows at position 4 mod 5; clothing: index column 4 mod 5), which
// no shipped model trains on. Lexicon: VADER (MIT; npm port vader-sentiment, Apache-2.0) plus Northstar's
// CX supplement. The attribution of every source travels in the model file (training.attribution).
import { existsSync, writeFileSync } from 'node:fs';
import { CORPUS_DOMAINS, corpusPresent, loadCorpus } from '../src/understand/text/corpus.js';
import {
  buildDefaultLexicon,
  classReport,
  DEFAULT_MODEL_VERSION,
  DEFAULT_RECIPE,
  leaveOneDomainOut,
  predictClass,
  tokenizeCorpus,
  trainDefaultRecipe,
  vaderClass,
} from '../src/understand/text/default-recipe.js';
import { TextClassifier } from '../src/understand/text/model/classifier.js';

const DATA = '../shared/data';
const OUT = 'src/understand/text/model/default-en.json';

if (!existsSync(DATA) || !corpusPresent(DATA)) {
  console.log(
    `skipped: the labelled sets in ${DATA} are absent (the shared datasets folder sits beside the repository)`,
  );
  process.exit(0);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const started = performance.now();
const rows = tokenizeCorpus(loadCorpus(DATA));
const lexicon = buildDefaultLexicon();
const train = rows.filter((r) => !r.heldOut);
const file = trainDefaultRecipe(train, lexicon);
const model = TextClassifier.fromFile(file);

// In-domain figures: each domain's held-out part, scored by the shipped model and by VADER.
const heldOut = CORPUS_DOMAINS.map((d) => {
  const test = rows.filter((r) => r.heldOut && r.domain === d.name);
  const ours = classReport(
    test.map((r) => predictClass(model, r.tokens)),
    test,
  );
  const vader = classReport(
    test.map((r) => vaderClass(r.text)),
    test,
  );
  return {
    domain: d.name,
    rows: test.length,
    macroF1: round(ours.macroF1),
    vaderMacroF1: round(vader.macroF1),
  };
});

const lodo = process.env.LODO
  ? leaveOneDomainOut(rows, lexicon).map((r) => ({
      domain: r.domain,
      rows: r.rows,
      macroF1: round(r.macroF1.candidate),
      vaderMacroF1: round(r.macroF1.vader),
    }))
  : undefined;

file.training = {
  data: CORPUS_DOMAINS.map((d) => ({ domain: d.name, description: d.description, files: d.files })),
  attribution: CORPUS_DOMAINS.map((d) => d.attribution),
  lexicon:
    'VADER (Hutto and Gilbert 2014; MIT; npm port vader-sentiment, Apache-2.0) plus the Northstar CX supplement',
  split:
    'held out (never trained on): rows at position 4 mod 5 of every file (clothing: index column 4 mod 5)',
  labels:
    'negative / neutral / positive as labelled; stars 1-2 / 3 / 4-5; Skytrax overall rating on 10 points 1-4 / 5-6 / 7-10',
  trainRows: train.length,
  recipe: DEFAULT_RECIPE,
  heldOutInDomain: heldOut,
  ...(lodo ? { leaveOneDomainOut: lodo } : {}),
  command: 'node --import tsx scripts/train-default-sentiment.ts',
};
writeFileSync(OUT, `${JSON.stringify(file)}\n`);
console.log(
  JSON.stringify(
    {
      out: OUT,
      version: DEFAULT_MODEL_VERSION,
      seconds: round((performance.now() - started) / 1000),
      heldOut,
      lodo,
    },
    null,
    2,
  ),
);
