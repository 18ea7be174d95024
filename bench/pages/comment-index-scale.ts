// The comment index's own work at 1 M and 10 M feedback records (150,000 and 1,500,000 comments), without
// PostgreSQL: seeded comments shaped like bench/pages' (20 touchpoints, 5 channels, plan/region/tenure,
// 11 themes, 4-40 words from a vocabulary of 20,000 drawn by a Zipf law), then theme impact, theme trend
// by week and theme verbatims on the page's filter levels, with and without words (a common word, a rare
// one, a phrase). Prints p50/p95 per request and the ratio 10 M ÷ 1 M; the heap each index holds.
//   node --expose-gc --import tsx bench/pages/comment-index-scale.ts [--reps 20] [--only <label part>,…]
import { mulberry32 } from '../../src/shared/random.js';
import { CommentIndex } from '../../src/understand/comments/comment-index.js';
import {
  indexThemeSums,
  indexThemeTrend,
  indexVerbatimIds,
} from '../../src/understand/comments/comment-index-answers.js';
import { parseTsquery } from '../../src/understand/comments/comment-words.js';
import type { CommentFilter } from '../../src/understand/comments/index.js';
import type { CommentIndexRow } from '../../src/understand/comments/queries/comment-index-read.js';

const args = process.argv.slice(2);
const REPS = Number(args[args.indexOf('--reps') + 1] || 20);
const ONLY = args.includes('--only') ? (args[args.indexOf('--only') + 1] as string) : '';
const END = Date.UTC(2026, 11, 1);
const SPAN = 730 * 86_400_000;
const THEMES = [
  'delivery',
  'delivery.late',
  'price',
  'staff',
  'speed',
  'ease',
  'app',
  'refund',
  'quality',
  'stock',
  'other',
];
const hex = (n: number) => n.toString(16).padStart(12, '0');
// Word k of the vocabulary is drawn with probability ∝ 1/(k+1) (cumulative weights, binary search).
const VOCABULARY = 20_000;
const zipf = new Float64Array(VOCABULARY);
for (let k = 0, s = 0; k < VOCABULARY; k++) zipf[k] = s += 1 / (k + 1);
function drawWord(u: number): number {
  const x = u * (zipf[VOCABULARY - 1] as number);
  let lo = 0;
  let hi = VOCABULARY - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((zipf[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
/** A comment's tsvector: lexemes `w<k>` with their positions 1…n. */
function words(rand: () => number): Array<[string, number[]]> {
  const n = 4 + Math.floor(rand() * 37);
  const at = new Map<string, number[]>();
  for (let p = 1; p <= n; p++) {
    const w = `w${drawWord(rand())}`;
    const ps = at.get(w);
    if (ps) ps.push(p);
    else at.set(w, [p]);
  }
  return [...at].sort(([a], [b]) => (a < b ? -1 : 1));
}

function build(comments: number): { ix: CommentIndex; ms: number; bytes: number; wordBytes: number } {
  const rand = mulberry32(20261204);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  const tps = Array.from({ length: 20 }, (_, i) => `00000000-0000-4000-8000-${hex(i + 1)}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  // In time order, as the index reads them.
  const times = Float64Array.from(
    { length: comments },
    () => (END - Math.floor(rand() * SPAN)) * 1000,
  ).sort();
  const t0 = performance.now();
  const ix = new CommentIndex(1 << 14);
  for (let i = 0; i < comments; i++) {
    const themes = THEMES.filter(() => rand() < 0.15).map(
      (id) =>
        [id, rand() < 0.8 ? Math.round((rand() * 2 - 1) * 1000) / 1000 : null, true, 1, rand()] as const,
    );
    const row: CommentIndexRow = {
      id: `10000000-0000-4000-8000-${hex(i)}`,
      at: times[i] as number,
      survey: rand() < 0.9 ? pick(tps) : null,
      touchpoint: pick(tps),
      channel: pick(['web', 'email', 'app', 'sms', 'store']),
      nps: Math.floor(rand() * 11),
      csat: rand() < 0.5 ? 1 + Math.floor(rand() * 5) : null,
      ces: rand() < 0.3 ? 1 + Math.floor(rand() * 7) : null,
      rating: null,
      ratingNumeric: null,
      attributes: [
        ['plan', pick(['free', 'pro', 'team'])],
        ['region', pick(['north', 'south', 'east', 'west'])],
        ['tenure', pick(['new', 'mid', 'long'])],
      ],
      sentiment: pick(['positive', 'neutral', 'negative']),
      counted: rand() < 0.97,
      readable: rand() < 0.7,
      themes,
      words: words(rand),
    };
    ix.add(row);
  }
  ix.words.reindex();
  const ms = performance.now() - t0;
  gc?.();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { ix, ms, bytes, wordBytes: ix.words.bytes() };
}

function time(f: () => unknown) {
  f();
  const xs: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  xs.sort((a, b) => a - b);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number;
  return { p50: q(0.5), p95: q(0.95) };
}

const from = new Date(END - 90 * 86_400_000 + 13 * 3600_000 + 37 * 60_000 + 12_345);
const levels: Array<[string, CommentFilter]> = [
  ['0', {}],
  ['1 date', { from }],
  ['2 date+channel', { from, channel: 'web' }],
  ['3 date+channel+plan', { from, channel: 'web', attributes: { plan: 'pro' } }],
  ['2 plan+region', { attributes: { plan: 'pro', region: 'north' } }],
];
// Word filters as websearch_to_tsquery writes them: the commonest word (in about a third of comments), a
// word of rank 2,000, two words, a phrase.
const queries: Array<[string, string | null]> = [
  ['', null],
  [' + common word', "'w0'"],
  [' + rare word', "'w2000'"],
  [' + two words', "'w1' & 'w30'"],
  [' + phrase', "'w0' <-> 'w1'"],
  [' + phrase of three', "'w0' <-> 'w1' <-> 'w0'"],
];
const requests: Array<[string, (ix: CommentIndex, f: CommentFilter, q: string | null) => unknown]> = [];
for (const [suffix, q] of queries) {
  const parsed = q === null ? null : parseTsquery(q);
  const w = (ix: CommentIndex) => (parsed ? ix.words.match(parsed) : undefined);
  const f = (x: CommentFilter): CommentFilter => (q === null ? x : { ...x, q });
  requests.push(
    [`theme impact (nps)${suffix}`, (ix, x) => indexThemeSums(ix, 'nps', f(x), w(ix))],
    [`theme trend by week${suffix}`, (ix, x) => indexThemeTrend(ix, 'week', f(x), undefined, w(ix))],
    [`theme verbatims (price)${suffix}`, (ix, x) => indexVerbatimIds(ix, 'price', f(x), 2000, 5, w(ix))],
  );
}

const small = build(150_000);
const large = build(1_500_000);
console.log(
  `build (no database): 150,000 comments ${small.ms.toFixed(0)} ms, ${(small.bytes / 150_000).toFixed(0)} B/comment; ` +
    `1,500,000 comments ${large.ms.toFixed(0)} ms, ${(large.bytes / 1_500_000).toFixed(0)} B/comment ` +
    `(words: ${(small.wordBytes / 150_000).toFixed(0)} and ${(large.wordBytes / 1_500_000).toFixed(0)} B/comment, ` +
    `${large.ix.words.vocabulary} lexemes; as the budget counts them: ${(small.ix.bytes() / 150_000).toFixed(0)} and ` +
    `${(large.ix.bytes() / 1_500_000).toFixed(0)} B/comment)`,
);
console.log(
  `\n| request | filters | 1 M p50 / p95 ms | 10 M p50 / p95 ms | 10 M ÷ 1 M (p95) |\n|---|---|---|---|---|`,
);
for (const [label, f] of requests)
  for (const [name, filter] of levels) {
    if (!ONLY.split(',').some((o) => `${label} ${name}`.includes(o))) continue;
    const a = time(() => f(small.ix, filter, null));
    const b = time(() => f(large.ix, filter, null));
    console.log(
      `| ${label} | ${name} | ${a.p50.toFixed(1)} / ${a.p95.toFixed(1)} | ${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} | ${(b.p95 / a.p95).toFixed(1)} |`,
    );
  }
