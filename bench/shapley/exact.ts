// Exact Shapley/LMG from a correlation matrix (`shapleyFromCorrelation`) against the previous code (kept
// below: the sweep calling itself for the last driver too, and the LMG sums one driver at a time), on
// the same matrices, interleaved in one process: seeded correlation matrices of 19 and 20 drivers (the
// pages bench's touchpoints), one with a collinear driver. Prints the median and p95 of each and whether
// the values are the same bit for bit. `--reps 30`.
import { mulberry32 } from '../../src/shared/random.js';
import { shapleyFromCorrelation } from '../../src/understand/stats/drivers.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const reps = Number(arg('--reps') ?? 30);
const TOL = 1e-10;

/** The previous subset R² (the sweep, depth first, a call per node). */
function previousSubsets(correlation: ArrayLike<number>, p: number): Float64Array {
  const m = p + 1;
  const r2 = new Float64Array(2 ** p);
  const levels: Float64Array[] = [Float64Array.from(correlation)];
  for (let d = 1; d <= p; d++) levels.push(new Float64Array(m * m));
  const visit = (c: Float64Array, depth: number, start: number, mask: number, r2Parent: number): void => {
    for (let j = start; j < p; j++) {
      const next = mask | (1 << j);
      const cjj = c[j * m + j] as number;
      if (!(cjj > TOL)) {
        r2[next] = r2Parent;
        visit(c, depth, j + 1, next, r2Parent);
        continue;
      }
      const cjy = c[j * m + p] as number;
      const value = r2Parent + (cjy * cjy) / cjj;
      r2[next] = value;
      if (j + 1 >= p) continue;
      const child = levels[depth + 1] as Float64Array;
      const rj = j * m;
      for (let a = j + 1; a <= p; a++) {
        const f = (c[rj + a] as number) / cjj;
        const ra = a * m;
        for (let b = a; b <= p; b++) child[ra + b] = (c[ra + b] as number) - f * (c[rj + b] as number);
      }
      visit(child, depth + 1, j + 1, next, value);
    }
  };
  visit(levels[0] as Float64Array, 0, 0, 0, 0);
  return r2;
}

/** The previous LMG sums: per driver, its subsets in increasing order. */
function previousShapley(correlation: ArrayLike<number>, p: number): { r2: number; lmg: number[] } {
  const r2 = previousSubsets(correlation, p);
  const weight = new Float64Array(p);
  if (p > 0) weight[0] = 1 / p;
  for (let s = 1; s < p; s++) weight[s] = ((weight[s - 1] as number) * s) / (p - s);
  const size = new Uint8Array(r2.length);
  for (let mask = 1; mask < r2.length; mask++) size[mask] = (size[mask >> 1] as number) + (mask & 1);
  const lmg = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const bit = 1 << j;
    let acc = 0;
    for (let high = 0; high < r2.length; high += bit << 1)
      for (let mask = high; mask < high + bit; mask++)
        acc += (weight[size[mask] as number] as number) * ((r2[mask + bit] as number) - (r2[mask] as number));
    lmg[j] = acc;
  }
  return { r2: r2[r2.length - 1] ?? 0, lmg: Array.from(lmg) };
}

/** A correlation matrix of p drivers and an outcome from seeded data (each column leaning on the last). */
function matrix(p: number, seed: number, collinear: boolean): Float64Array {
  const m = p + 1;
  const n = 500;
  const rand = mulberry32(seed);
  const x = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => rand() - 0.5));
  for (let j = 1; j < m; j++) {
    const col = x[j] as Float64Array;
    const prev = x[j - 1] as Float64Array;
    for (let i = 0; i < n; i++) col[i] = (col[i] as number) + 0.3 * (prev[i] as number);
  }
  if (collinear) x[3] = Float64Array.from(x[2] as Float64Array);
  const c = new Float64Array(m * m);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++) {
      let s = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        const u = (x[a] as Float64Array)[i] as number;
        const v = (x[b] as Float64Array)[i] as number;
        s += u * v;
        sa += u * u;
        sb += v * v;
      }
      c[a * m + b] = s / Math.sqrt(sa * sb);
    }
  return c;
}

const cases = [
  { p: 19, seed: 1, collinear: false },
  { p: 19, seed: 2, collinear: true },
  { p: 20, seed: 3, collinear: false },
];
const q = (xs: number[], f: number) =>
  ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))] as number).toFixed(1);
console.log(
  `${reps} interleaved runs each; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const { p, seed, collinear } of cases) {
  const c = matrix(p, seed, collinear);
  const before: number[] = [];
  const after: number[] = [];
  let same = true;
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    const a = previousShapley(c, p);
    before.push(performance.now() - t);
    t = performance.now();
    const b = shapleyFromCorrelation(c, p);
    after.push(performance.now() - t);
    same &&= a.r2 === b.r2 && a.lmg.every((v, i) => v === b.lmg[i]);
  }
  console.log(
    `${p} drivers${collinear ? ' (one collinear)' : ''}: previous p50 / p95 ${q(before, 0.5)} / ${q(before, 0.95)} ms, now ${q(after, 0.5)} / ${q(after, 0.95)} ms; same bits: ${same ? 'yes' : 'NO'}`,
  );
}
