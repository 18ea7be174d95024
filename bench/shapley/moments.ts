// Micro-benchmark: the listwise correlation pass of the survey drivers (200,000 responses × the pages
// bench's five items: NPS and four ratings), the current blocked sums against the previous one-row-at-a-
// time Welford update, interleaved in the same run, with the largest difference of their results.
import { mulberry32 } from '../../src/shared/random.js';
import {
  analyseDrivers,
  type CorrelationMoments,
  correlationMoments,
} from '../../src/understand/stats/index.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const ROWS = flag('rows', 200_000);
const REPS = flag('reps', 40);

/** The listwise pass before the blocked sums (Welford's update). */
function welford(columns: ReadonlyArray<ArrayLike<number>>): CorrelationMoments {
  const k = columns.length;
  const rows = k === 0 ? 0 : (columns[0] as ArrayLike<number>).length;
  const mean = new Float64Array(k);
  const c = new Float64Array(k * k); // co-moment sums of centred products
  const delta = new Float64Array(k);
  const x = new Float64Array(k);
  let n = 0;
  rowLoop: for (let r = 0; r < rows; r++) {
    for (let i = 0; i < k; i++) {
      const v = (columns[i] as ArrayLike<number>)[r] as number;
      if (Number.isNaN(v)) continue rowLoop;
      x[i] = v;
    }
    n += 1;
    for (let i = 0; i < k; i++) {
      delta[i] = (x[i] as number) - (mean[i] as number);
      mean[i] = (mean[i] as number) + (delta[i] as number) / n;
    }
    // C_ij += (x_i - oldMean_i)(x_j - newMean_j): Welford's update, exact in exact arithmetic.
    for (let i = 0; i < k; i++) {
      const di = delta[i] as number;
      for (let j = i; j < k; j++)
        c[i * k + j] = (c[i * k + j] as number) + di * ((x[j] as number) - (mean[j] as number));
    }
  }
  const cov = (i: number, j: number) => (i <= j ? (c[i * k + j] as number) : (c[j * k + i] as number));
  const variances = Array.from({ length: k }, (_, i) => (n > 1 ? cov(i, i) / (n - 1) : 0));
  const constant = variances.map((v, i) => isConstant(v, mean[i] as number));
  const correlation = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) correlation[i * k + j] = 1;
      else if (!constant[i] && !constant[j])
        correlation[i * k + j] = cov(i, j) / Math.sqrt(cov(i, i) * cov(j, j));
    }
  }
  return { n, counts: new Array(k).fill(n), means: Array.from(mean), variances, correlation, constant };
}

function isConstant(variance: number, mean: number): boolean {
  return !(variance > 1e-14 * Math.max(1, mean * mean));
}

// As bench/pages generates them: ratings 1–5 that move with the NPS, the NPS missing on 2% of responses.
const rand = mulberry32(20_261_204);
const clamp = (v: number) => Math.max(1, Math.min(5, Math.round(v)));
const nps = new Float64Array(ROWS);
const items = Array.from({ length: 4 }, () => new Float64Array(ROWS));
for (let r = 0; r < ROWS; r++) {
  const y = Math.floor(rand() * 11);
  const base = 1 + (4 * y) / 10;
  const noise = () => (rand() - 0.5) * 2;
  nps[r] = rand() < 0.02 ? Number.NaN : y;
  const row = [
    clamp(base + 0.6 * noise()),
    clamp(0.5 * base + 1.5 + noise()),
    clamp(1 + 4 * rand()),
    clamp(0.7 * base + 1 + noise()),
  ];
  row.forEach((v, i) => {
    (items[i] as Float64Array)[r] = v;
  });
}
const columns = [...items, nps];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] as number;
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};

const before: number[] = [];
const after: number[] = [];
for (let k = 0; k < 5; k++) {
  welford(columns);
  correlationMoments(columns);
}
for (let k = 0; k < REPS; k++) {
  // Alternate which goes first, so that neither always follows a collection.
  if (k % 2) {
    before.push(time(() => welford(columns)));
    after.push(time(() => correlationMoments(columns)));
  } else {
    after.push(time(() => correlationMoments(columns)));
    before.push(time(() => welford(columns)));
  }
}
const a = correlationMoments(columns);
const w = welford(columns);
let diff = 0;
for (let i = 0; i < a.correlation.length; i++)
  diff = Math.max(diff, Math.abs((a.correlation[i] as number) - (w.correlation[i] as number)));
const drivers = items.map((values, i) => ({ name: `item${i}`, values }));
const analysis: number[] = [];
for (let k = 0; k < Math.min(REPS, 20); k++) analysis.push(time(() => analyseDrivers(nps, drivers)));
const f = (x: number) => x.toFixed(2);
console.log(`rows ${ROWS} (${a.n} complete) × ${columns.length} columns, ${REPS} reps each, interleaved`);
console.log(`before (Welford): median ${f(median(before))} ms, p95 ${f(p95(before))} ms`);
console.log(`after (blocked sums): median ${f(median(after))} ms, p95 ${f(p95(after))} ms`);
console.log(
  `ratio after/before: median ${f(median(after) / median(before))}, p95 ${f(p95(after) / p95(before))}`,
);
console.log(`largest correlation difference: ${diff.toExponential(2)}`);
console.log(`analyseDrivers (4 drivers, after): median ${f(median(analysis))} ms`);
