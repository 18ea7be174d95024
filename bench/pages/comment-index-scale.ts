// The comment index's own work at 1 M and 10 M feedback records (150,000 and 1,500,000 comments), without
// PostgreSQL: seeded comments shaped like bench/pages' (20 touchpoints, 5 channels, plan/region/tenure,
// 11 themes), then theme impact, theme trend by week and theme verbatims on the page's filter levels.
// Prints p50/p95 per request and the ratio 10 M ÷ 1 M; the heap each index holds.
//   node --expose-gc --import tsx bench/pages/comment-index-scale.ts [--reps 20]
import { mulberry32 } from '../../src/shared/random.js';
import { CommentIndex } from '../../src/understand/comments/comment-index.js';
import {
  indexThemeSums,
  indexThemeTrend,
  indexVerbatimIds,
} from '../../src/understand/comments/comment-index-answers.js';
import type { CommentFilter } from '../../src/understand/comments/index.js';
import type { CommentIndexRow } from '../../src/understand/comments/queries/comment-index-read.js';

const args = process.argv.slice(2);
const REPS = Number(args[args.indexOf('--reps') + 1] || 20);
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

function build(comments: number): { ix: CommentIndex; ms: number; bytes: number } {
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
    };
    ix.add(row);
  }
  const ms = performance.now() - t0;
  gc?.();
  const after = process.memoryUsage();
  const bytes = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  return { ix, ms, bytes };
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
const requests: Array<[string, (ix: CommentIndex, f: CommentFilter) => unknown]> = [
  ['theme impact (nps)', (ix, f) => indexThemeSums(ix, 'nps', f)],
  ['theme trend by week', (ix, f) => indexThemeTrend(ix, 'week', f)],
  ['theme verbatims (price)', (ix, f) => indexVerbatimIds(ix, 'price', f, 2000, 5)],
];

const small = build(150_000);
const large = build(1_500_000);
console.log(
  `build (no database): 150,000 comments ${small.ms.toFixed(0)} ms, ${(small.bytes / 150_000).toFixed(0)} B/comment; ` +
    `1,500,000 comments ${large.ms.toFixed(0)} ms, ${(large.bytes / 1_500_000).toFixed(0)} B/comment`,
);
console.log(
  `\n| request | filters | 1 M p50 / p95 ms | 10 M p50 / p95 ms | 10 M ÷ 1 M (p95) |\n|---|---|---|---|---|`,
);
for (const [label, f] of requests)
  for (const [name, filter] of levels) {
    const a = time(() => f(small.ix, filter));
    const b = time(() => f(large.ix, filter));
    console.log(
      `| ${label} | ${name} | ${a.p50.toFixed(1)} / ${a.p95.toFixed(1)} | ${b.p50.toFixed(1)} / ${b.p95.toFixed(1)} | ${(b.p95 / a.p95).toFixed(1)} |`,
    );
  }
