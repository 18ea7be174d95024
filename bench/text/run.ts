// Text benchmarks: enrichment throughput and latency with the default model, and training time on 100k comments.
// Each throughput figure is printed beside baselines measured in the same run over the same comments.
import { existsSync, readFileSync } from 'node:fs';
import vader from 'vader-sentiment';
import { corpusPresent, loadCorpus } from '../../src/understand/text/corpus.js';
import {
  buildDefaultLexicon,
  leaveOneDomainOut,
  tokenizeCorpus,
} from '../../src/understand/text/default-recipe.js';
import {
  CompiledTaxonomy,
  createPipeline,
  getDefaultSentimentModel,
  readCsv,
  STARTER_TAXONOMY,
  tokenizeSentences,
} from '../../src/understand/text/index.js';
import { TextClassifier } from '../../src/understand/text/model/classifier.js';
import referenceFile from '../../src/understand/text/model/default-en-1.0.0.json' with { type: 'json' };
import { createRandom } from '../../src/understand/text/model/hashing.js';
import { trainSentiment } from '../../src/understand/text/model/train.js';

const DATA = '../shared/data/womens-clothing-reviews/reviews.csv';
const N = Number(process.env.BENCH_COMMENTS ?? 20_000);
const SEED = 42;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function syntheticComments(n: number): { texts: string[]; labels: number[] } {
  const random = createRandom(SEED);
  const good = ['great', 'friendly', 'helpful', 'quick', 'lovely', 'perfect', 'clean', 'easy'];
  const bad = ['rude', 'slow', 'late', 'broken', 'dirty', 'expensive', 'confusing', 'awful'];
  const nouns = [
    'staff',
    'delivery',
    'price',
    'app',
    'checkout',
    'store',
    'order',
    'service',
    'refund',
    'queue',
  ];
  const pick = (xs: string[]) => xs[Math.floor(random() * xs.length)] as string;
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = random() < 0.7 ? 1 : 0;
    const sentences = 1 + Math.floor(random() * 4);
    const parts: string[] = [];
    for (let s = 0; s < sentences; s++) {
      parts.push(
        `The ${pick(nouns)} was ${random() < 0.2 ? 'not ' : ''}${pick(y ? good : bad)} and the ${pick(nouns)} was ok.`,
      );
    }
    texts.push(parts.join(' '));
    labels.push(y);
  }
  return { texts, labels };
}

function loadComments(): { source: string; texts: string[]; labels: number[] } {
  if (!existsSync(DATA)) {
    return { source: 'synthetic comments (seeded; ../shared/data absent)', ...syntheticComments(N) };
  }
  const rows = readCsv(DATA).rows.filter((r) => (r['Review Text'] ?? '').trim() !== '');
  const texts = rows.map((r) => r['Review Text'] ?? '');
  return {
    source: `clothing reviews (${texts.length} real comments, cycled)`,
    texts,
    labels: rows.map((r) => Number(r['Recommended IND'])),
  };
}

// Baseline 1: the plainest lexicon scorer (lower-case, split on non-letters, sum valences).
function lexiconBaseline(): (text: string) => number {
  const lexicon = new Map<string, number>();
  const file = 'node_modules/vader-sentiment/vader_lexicon.txt';
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [w, v] = line.split('\t');
    if (w && v) lexicon.set(w, Number(v));
  }
  return (text) => {
    let s = 0;
    for (const w of text.toLowerCase().split(/[^a-z']+/)) s += lexicon.get(w) ?? 0;
    return s;
  };
}

// Best of several rounds, by wall clock and by this process's CPU time: on a shared machine the
// best round is the closest to a quiet core, and CPU time does not count time the core was lent away.
function throughput(
  name: string,
  texts: readonly string[],
  f: (t: string) => unknown,
  rounds = ROUNDS,
): number {
  for (let i = 0; i < Math.min(2000, texts.length); i++) f(texts[i] as string);
  let best = 0;
  let bestCpu = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const t of texts) f(t);
    const cpu = process.cpuUsage(c0);
    best = Math.max(best, texts.length / ((performance.now() - t0) / 1000));
    bestCpu = Math.max(bestCpu, texts.length / ((cpu.user + cpu.system) / 1e6));
  }
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US').padStart(10);
  console.log(`  ${name.padEnd(50)} ${fmt(best)} comments/s wall, ${fmt(bestCpu)} per CPU-second`);
  return best;
}

const { source, texts: base, labels: baseLabels } = loadComments();
const sample = Array.from({ length: N }, (_, i) => base[i % base.length] as string);
const chars = sample.reduce((a, t) => a + t.length, 0) / sample.length;
console.log(
  `Northstar text benchmarks: ${source}; ${N.toLocaleString('en-US')} comments, mean ${chars.toFixed(0)} characters; node ${process.version}, one thread`,
);

const pipeline = createPipeline({
  sentiment: getDefaultSentimentModel(),
  taxonomy: new CompiledTaxonomy(STARTER_TAXONOMY),
});
console.log(`\nThroughput (best of ${ROUNDS} rounds):`);
const ours = throughput('enrichment: language + PII + sentiment + themes', sample, (t) => pipeline.run(t));
const plain = throughput('baseline: plain lexicon sum', sample, lexiconBaseline());
const vaderRate = throughput('baseline: VADER (vader-sentiment)', sample.slice(0, Math.min(5000, N)), (t) =>
  vader.SentimentIntensityAnalyzer.polarity_scores(t),
);
console.log(
  `  enrichment / plain lexicon = ${(ours / plain).toFixed(3)}; enrichment / VADER = ${(ours / vaderRate).toFixed(1)}`,
);
console.log(`  target >= 20,000 comments/s: ${ours >= 20_000 ? 'met' : 'NOT met'}`);

console.log('\nLatency per comment (each timed alone, after warm-up):');
const random = createRandom(SEED);
const pathological: Array<[string, string]> = [
  ['5,000 emoji', '😀😡👍'.repeat(1700)],
  [
    '100 KB of prose (capped at 5,000 chars)',
    'The staff were lovely but the delivery was late. '.repeat(2100),
  ],
  [
    'French prose, word-list sentiment (5,000 chars)',
    "Le personnel est très aimable mais l'attente en caisse est trop longue. ".repeat(70),
  ],
  ['100 KB without a space', 'a'.repeat(100_000)],
  ['5,000 digits with spaces', '1 2 '.repeat(1250)],
  ['letters then "@" runs', `${'a'.repeat(3000)}@${'b.'.repeat(900)}`],
  ['5,000 exclamation marks', '!'.repeat(5000)],
  ['5,000 one-letter sentences', 'A. '.repeat(1700)],
  [
    'binary bytes',
    Array.from({ length: 5000 }, () => String.fromCharCode(Math.floor(random() * 256))).join(''),
  ],
  ['mixed scripts', 'Service 很好 très bien очень хорошо 😀 '.repeat(120)],
  ['empty', ''],
];
const times: number[] = [];
for (const t of sample.slice(0, 2000)) pipeline.run(t);
for (const t of sample) {
  const t0 = performance.now();
  pipeline.run(t);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(
  `  real comments: p50 ${us(q(0.5))}, p99 ${us(q(0.99))}, p99.9 ${us(q(0.999))}, max ${q(1).toFixed(3)} ms (the max includes GC pauses and time the core was lent away)`,
);
let worst = 0;
let worstCpu = 0;
for (const [name, text] of pathological) {
  let best = Number.POSITIVE_INFINITY;
  let bestCpu = Number.POSITIVE_INFINITY;
  // Best of 7 runs so a garbage-collection pause or a busy neighbour is not charged to the input.
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    pipeline.run(text);
    best = Math.min(best, performance.now() - t0);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  worst = Math.max(worst, best);
  worstCpu = Math.max(worstCpu, bestCpu);
  console.log(`  ${name.padEnd(44)} ${best.toFixed(3)} ms wall, ${bestCpu.toFixed(3)} ms CPU`);
}
console.log(
  `  target < 1 ms per comment on pathological inputs: ${worst < 1 ? 'met' : 'NOT met'} (worst ${worst.toFixed(3)} ms wall, ${worstCpu.toFixed(3)} ms CPU)`,
);

console.log(
  '\nTraining on 100,000 comments (tokenise + 6 epochs AdaGrad, hashed unigrams + bigrams + lexicon):',
);
const big = Array.from({ length: 100_000 }, (_, i) => base[i % base.length] as string);
const bigLabels = Array.from({ length: 100_000 }, (_, i) => baseLabels[i % baseLabels.length] as number);
const t0 = performance.now();
const comments = big.map((t) => tokenizeSentences(t));
const t1 = performance.now();
trainSentiment(comments, bigLabels, getDefaultSentimentModel().file.lexicon, {
  version: 'bench',
  language: 'en',
});
const t2 = performance.now();
console.log(
  `  tokenise ${((t1 - t0) / 1000).toFixed(1)} s + train ${((t2 - t1) / 1000).toFixed(1)} s = ${((t2 - t0) / 1000).toFixed(1)} s; target < 60 s: ${(t2 - t0) / 1000 < 60 ? 'met' : 'NOT met'}`,
);

// Leave-one-domain-out: the default recipe trained without each domain, scored on that domain's held-out
// part, beside VADER and default-en@1.0.0 (the clothing-only model it replaced) on the same rows.
// BENCH_LODO=0 skips it; BENCH_LODO_SAMPLE caps rows per domain (default: all).
const SHARED = '../shared/data';
if (process.env.BENCH_LODO === '0') {
  console.log('\nLeave-one-domain-out: skipped (BENCH_LODO=0)');
} else if (!corpusPresent(SHARED)) {
  console.log(`\nLeave-one-domain-out: skipped, the labelled sets in ${SHARED} are absent`);
} else {
  const cap = Number(process.env.BENCH_LODO_SAMPLE ?? Number.POSITIVE_INFINITY);
  const l0 = performance.now();
  const rows = tokenizeCorpus(loadCorpus(SHARED));
  const results = leaveOneDomainOut(rows, buildDefaultLexicon(), {
    reference: TextClassifier.fromFile(referenceFile),
    sample: cap,
  });
  console.log(
    `\nLeave-one-domain-out three-class macro-F1 (trained without the domain, scored on its held-out part; ${((performance.now() - l0) / 1000).toFixed(0)} s):`,
  );
  console.log(
    `  ${'held-out domain'.padEnd(28)} ${'rows'.padStart(6)}  ${'new default'.padStart(11)}  ${'VADER'.padStart(6)}  default-en@1.0.0`,
  );
  let failures = 0;
  for (const r of results) {
    const { candidate, vader: v, reference } = r.macroF1;
    const goal = v < 0.5 ? candidate >= 0.6 && candidate >= v : candidate >= v;
    if (!goal) failures++;
    console.log(
      `  ${r.domain.padEnd(28)} ${String(r.rows).padStart(6)}  ${candidate.toFixed(3).padStart(11)}  ${v.toFixed(3).padStart(6)}  ${(reference ?? Number.NaN).toFixed(3).padStart(16)}${goal ? '' : '  (goal not met)'}`,
    );
  }
  console.log(
    `  goal (>= VADER everywhere; >= 0.60 where VADER < 0.50): ${failures === 0 ? 'met' : `NOT met on ${failures} domain(s)`}`,
  );
  console.log('  (default-en@1.0.0 was trained on clothing reviews: its clothing figure is in-domain)');
}

// Themes: the starter taxonomy's top-level themes against 200 hand-tagged comments (tests/fixtures/theme-tags).
{
  const { SOURCES } = await import('../../tests/fixtures/theme-tags/sample.js');
  if (SOURCES.every((s) => existsSync(`../shared/data/${s.file}`))) {
    const { starterThemesAgainstTags } = await import('../../tests/fixtures/theme-tags/evaluate.js');
    const { scoreThemeTags } = await import('../../src/understand/text/theme-quality.js');
    const report = scoreThemeTags(starterThemesAgainstTags());
    console.log('\nStarter taxonomy against 200 hand-tagged comments (tests/fixtures/theme-tags):');
    console.log(`  theme          tagged  found  precision  recall\n  ${report.lines.join('\n  ')}`);
  }
}
