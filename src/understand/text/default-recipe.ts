// How Northstar's default English sentiment model is made from the public corpus, shared by the build
// script (scripts/train-default-sentiment.ts), bench/text and the evaluation tests so that the
// leave-one-domain-out figures judge exactly the recipe that ships.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vader from 'vader-sentiment';
import { CORPUS_DOMAINS, type CorpusRow, SENTIMENT_CLASSES } from './corpus.js';
import { type ModelFile, TextClassifier, tokenizeSentences } from './model/classifier.js';
import { CX_LEXICON, EMOJI_LEXICON, SERVICE_FAILURE_PHRASES } from './model/cx-lexicon.js';
import { type MultiClassReport, multiClassReport } from './model/metrics.js';
import { predictSentimentClass } from './model/sentiment.js';
import type { Sentence } from './model/tokenize.js';
import { balancedRowWeights, type SoftmaxSettings, trainSoftmaxModel } from './model/train-softmax.js';

/** Version stamped on the shipped model. */
export const DEFAULT_MODEL_VERSION = 'default-en@2.0.0';

/**
 * Training settings of the default model, chosen by leave-one-domain-out macro-F1 (bench/text):
 * lexicon weights fitted first and frozen (they carry over to unseen domains), domains weighted by
 * 1/√size, classes balanced, hashed words seen in fewer than 5 comments dropped, and the middle-star
 * rows of review sets left out of "neutral" (a 3-star review is mixed, not free of sentiment; taught as
 * neutral, they made the model call polar sentences neutral: DynaSent 0.520 against 0.547 without them).
 * Mixed long texts are read as neutral instead (mixedBand: positive and negative log-odds within
 * 0.5 × ln(words / 15)): leave-one-domain-out, airline reviews 0.520 → 0.591, food 0.530 → 0.590,
 * clothing 0.454 → 0.506, short-text domains unchanged (3,000 rows per domain).
 */
export const DEFAULT_RECIPE: SoftmaxSettings & {
  domainPower: number;
  starNeutralWeight: number;
  mixedBand: { perLogWord: number; fromWords: number };
} = {
  features: { hashBits: 18, bigrams: true, lexicon: true },
  linear: { epochs: 5, l2: 2e-6, denseL2: 0, learningRate: 0.1, seed: 42 },
  minFeatureCount: 5,
  balanceClasses: true,
  lexiconFirst: true,
  domainPower: 0.5,
  starNeutralWeight: 0,
  mixedBand: { perLogWord: 0.5, fromWords: 15 },
};

/** Domains whose neutral class comes from middle star ratings (mixed reviews), not from text without sentiment. */
export const STAR_DOMAINS = new Set(['food-reviews', 'clothing-reviews', 'airline-reviews']);

/** VADER's single-word entries plus the Northstar supplements (words and service-failure phrases), as "word<TAB>valence" lines. */
export function buildDefaultLexicon(): string {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('vader-sentiment'));
  const candidates = [join(dir, 'vader_lexicon.txt'), join(dir, '..', 'vader_lexicon.txt')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error('vader_lexicon.txt not found in the vader-sentiment package');
  const entries = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, valence] = line.split('\t');
    if (!word || valence === undefined || !/^[a-z][a-z']*$/.test(word)) continue;
    if (word.includes("'")) continue;
    entries.set(word, Number(valence));
  }
  for (const [w, v] of [...CX_LEXICON, ...EMOJI_LEXICON, ...SERVICE_FAILURE_PHRASES]) entries.set(w, v);
  return [...entries].map(([w, v]) => `${w}\t${v}`).join('\n');
}

/** A corpus row with its tokens, ready for training and scoring. */
export interface TokenizedRow extends CorpusRow {
  tokens: Sentence[];
}

/** Tokenise corpus rows once for every model trained or scored in a run. */
export function tokenizeCorpus(rows: readonly CorpusRow[]): TokenizedRow[] {
  return rows.map((r) => ({ ...r, tokens: tokenizeSentences(r.text) }));
}

/** Train the default recipe on the given rows (domains balanced, classes balanced). */
export function trainDefaultRecipe(
  rowsIn: readonly TokenizedRow[],
  lexicon: string,
  training?: Record<string, unknown>,
  recipe = DEFAULT_RECIPE,
): ModelFile {
  const rows =
    recipe.starNeutralWeight > 0
      ? rowsIn
      : rowsIn.filter((r) => r.label !== 1 || !STAR_DOMAINS.has(r.domain));
  const domainIds = rows.map((r) => CORPUS_DOMAINS.findIndex((d) => d.name === r.domain));
  const labels = rows.map((r) => r.label as number);
  const weights = balancedRowWeights(labels, 3, domainIds, recipe.domainPower, recipe.balanceClasses);
  // Middle stars mark mixed reviews more than text without sentiment: they teach "neutral" with less weight.
  if (recipe.starNeutralWeight !== 1) {
    rows.forEach((r, i) => {
      if (r.label === 1 && STAR_DOMAINS.has(r.domain))
        weights[i] = (weights[i] as number) * recipe.starNeutralWeight;
    });
  }
  const file = trainSoftmaxModel(
    rows.map((r) => r.tokens),
    labels,
    SENTIMENT_CLASSES,
    lexicon,
    { kind: 'sentiment', version: DEFAULT_MODEL_VERSION, language: 'en', ...(training ? { training } : {}) },
    recipe,
    weights,
  );
  return { ...file, mixedBand: recipe.mixedBand };
}

/** Three-class prediction of a sentiment model (0 negative, 1 neutral, 2 positive). */
export const predictClass = predictSentimentClass;

/** VADER's three-class reading (compound ≥ 0.05 positive, ≤ −0.05 negative), as its authors advise. */
export function vaderClass(text: string): number {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return c >= 0.05 ? 2 : c <= -0.05 ? 0 : 1;
}

/** Three-class report of predictions against the rows' labels. */
export function classReport(predicted: readonly number[], rows: readonly CorpusRow[]): MultiClassReport {
  return multiClassReport(
    predicted,
    rows.map((r) => r.label),
    SENTIMENT_CLASSES,
  );
}

/** Figures of one held-out domain: the candidate, VADER and the reference model, on the same rows. */
export interface DomainResult {
  domain: string;
  rows: number;
  macroF1: { candidate: number; vader: number; reference?: number };
  /** The candidate's confusion matrix, confusion[actual][predicted] (negative, neutral, positive). */
  confusion: number[][];
}

/**
 * Leave-one-domain-out: for each domain, train the recipe on the training parts of the other domains and
 * score the held-out part of the left-out domain, beside VADER (and a reference model, trained on
 * whatever it was trained on). `sample` caps rows per domain (training and evaluation) to bound time.
 */
export function leaveOneDomainOut(
  rows: readonly TokenizedRow[],
  lexicon: string,
  options: {
    sample?: number;
    reference?: TextClassifier;
    domains?: readonly string[];
    recipe?: typeof DEFAULT_RECIPE;
  } = {},
): DomainResult[] {
  const cap = options.sample ?? Number.POSITIVE_INFINITY;
  const byDomain = new Map<string, { train: TokenizedRow[]; test: TokenizedRow[] }>();
  for (const r of rows) {
    const d = byDomain.get(r.domain) ?? { train: [], test: [] };
    (r.heldOut ? d.test : d.train).push(r);
    byDomain.set(r.domain, d);
  }
  const capped = (xs: TokenizedRow[]) => (xs.length <= cap ? xs : spread(xs, cap));
  const out: DomainResult[] = [];
  for (const domain of options.domains ?? [...byDomain.keys()]) {
    const test = capped(byDomain.get(domain)?.test ?? []);
    if (test.length === 0) continue;
    const train = [...byDomain].filter(([d]) => d !== domain).flatMap(([, v]) => capped(v.train));
    const model = TextClassifier.fromFile(trainDefaultRecipe(train, lexicon, undefined, options.recipe));
    const report = classReport(
      test.map((r) => predictClass(model, r.tokens)),
      test,
    );
    const candidate = report.macroF1;
    const vaderF1 = classReport(
      test.map((r) => vaderClass(r.text)),
      test,
    ).macroF1;
    const ref = options.reference;
    out.push({
      domain,
      rows: test.length,
      confusion: report.confusion,
      macroF1: {
        candidate,
        vader: vaderF1,
        ...(ref
          ? {
              reference: classReport(
                test.map((r) => predictClass(ref, r.tokens)),
                test,
              ).macroF1,
            }
          : {}),
      },
    });
  }
  return out;
}

// Every k-th row, so a capped sample covers the whole file rather than its start.
function spread<T>(xs: readonly T[], n: number): T[] {
  const step = xs.length / n;
  return Array.from({ length: n }, (_, i) => xs[Math.floor(i * step)] as T);
}
