// Block size of the columnar index's pre-sums: memory per row and query time for the queries with no
// segment filter, per block size, in one process on generated rows (no database), answers checked
// against the index without pre-sums.
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { ColumnarIndex } from '../../src/understand/sums/columnar-index.js';
import { columnarSums } from '../../src/understand/sums/columnar-sums.js';
import type { SumsQuery } from '../../src/understand/sums/types.js';
import { CHANNELS, DAYS, generate, START } from '../analytics/generate.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const ROWS = Number(opt('rows', '1000000'));
const REPS = Number(opt('reps', '20'));
const SIZES = opt('sizes', '1024,2048,4096,8192,16384').split(',').map(Number);
const DAY = 86_400_000;
const END = START + DAYS * DAY;

const c = generate(ROWS);
const order = Array.from({ length: ROWS }, (_, i) => i);
const at = (i: number) => START + (c.day[i] as number) * DAY + (c.second[i] as number) * 1000;
order.sort((a, b) => at(a) - at(b));
const tp = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;

function build(blockRows: number): ColumnarIndex {
  const ix = new ColumnarIndex(ROWS, blockRows);
  for (const i of order) {
    const v = (x: number) => (x < 0 ? null : x);
    ix.append({
      at: at(i),
      survey: null,
      touchpoint: tp(c.touchpoint[i] as number),
      stage: null,
      journey: null,
      channel: CHANNELS[c.channel[i] as number] as string,
      nps: v(c.nps[i] as number),
      csat: v(c.csat[i] as number),
      ces: v(c.ces[i] as number),
      rating: (c.rating[i] as number) < 0 ? null : String(((c.rating[i] as number) - 1) / 4),
      hasText: (c.comment[i] as number) >= 0,
      segments: [],
    });
  }
  ix.buildBitmaps();
  return ix;
}

const q = (over: Partial<SumsQuery> & { filter?: SumsQuery['filter'] }): SumsQuery => ({
  metric: 'nps',
  interval: 'month',
  timeZone: 'UTC',
  groupBy: [],
  filter: {},
  ...over,
});
const queries: Array<[string, SumsQuery]> = [
  ['no filter, NPS by month, all time', q({})],
  [
    'touchpoint 3 only, by week',
    q({ interval: 'week', filter: { equals: [{ dimension: 'touchpoint', value: tp(3) }] } }),
  ],
  ['channel=web only, by month', q({ filter: { equals: [{ dimension: 'channel', value: 'web' }] } })],
  ['America/New_York, by month', q({ timeZone: 'America/New_York' })],
  [
    'last 90 days from 13:37:12.345, by day',
    q({ interval: 'day', filter: { from: new Date(END - 90 * DAY + 49_032_345) } }),
  ],
  ['touchpoint x week, everything', q({ interval: 'week', groupBy: ['touchpoint'] })],
  ['csat by quarter, Asia/Kolkata', q({ metric: 'csat', interval: 'quarter', timeZone: 'Asia/Kolkata' })],
];

function time(f: () => unknown): { p50: number; p95: number } {
  f();
  const t: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const s = performance.now();
    f();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return {
    p50: t[Math.floor((t.length - 1) / 2)] as number,
    p95: t[Math.ceil(0.95 * t.length) - 1] as number,
  };
}

const base = build(2 ** 30);
const want = queries.map(([, x]) => columnarSums(base, x, []));
const header = ['block rows', 'pre-sum bytes/row', ...queries.map(([n]) => n)];
console.log(
  `pre-sum block sizes: ${ROWS.toLocaleString('en')} rows, load average ${loadavg()[0]?.toFixed(1)}`,
);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
const line = (label: string, ix: ColumnarIndex, extra: number) => {
  const cells = queries.map(([, x], k) => {
    const same = isDeepStrictEqual(columnarSums(ix, x, []), want[k]);
    if (!same) process.exitCode = 1;
    const t = time(() => columnarSums(ix, x, []));
    return `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}${same ? '' : ' DIFFERENT'}`;
  });
  console.log(`| ${label} | ${(extra / ROWS).toFixed(2)} | ${cells.join(' | ')} |`);
};
line('none (scan)', base, 0);
for (const size of SIZES) {
  const ix = build(size);
  const t0 = performance.now();
  ix.extendPresums();
  ix.trim();
  const ms = performance.now() - t0;
  line(`${size} (built in ${ms.toFixed(0)} ms)`, ix, ix.presums?.bytes() ?? 0);
}
console.log(`load average after: ${loadavg()[0]?.toFixed(1)}`);
