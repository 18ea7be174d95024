// The listwise correlation pass (sums of products a block of rows at a time) gives what Welford's
// one-row-at-a-time co-moment update gave, to 1e-9, on random data with missing values.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { type CorrelationMoments, correlationMoments } from './moments.js';

/** The listwise pass as it was before the blocked sums (Welford's update), kept as the reference. */
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

const rand = mulberry32(2026);

/** k columns of `rows` values around `offset` on a scale, correlated with the last, `gap` of them missing. */
function data(k: number, rows: number, gap: number, offset: number, scale: number, whole: boolean) {
  const cols = Array.from({ length: k }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const y = rand();
    for (let i = 0; i < k; i++) {
      const v = offset + scale * (0.3 * i * y + rand());
      (cols[i] as Float64Array)[r] = rand() < gap ? Number.NaN : whole ? Math.round(v) : v;
    }
  }
  return cols;
}

function expectClose(a: number, b: number, what: string) {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

function expectSame(got: CorrelationMoments, want: CorrelationMoments, what: string) {
  expect(got.n, what).toBe(want.n);
  expect(got.counts, what).toEqual(want.counts);
  expect(got.constant, what).toEqual(want.constant);
  for (let i = 0; i < got.means.length; i++) {
    expectClose(got.means[i] as number, want.means[i] as number, `${what} mean ${i}`);
    expectClose(got.variances[i] as number, want.variances[i] as number, `${what} variance ${i}`);
  }
  for (let i = 0; i < got.correlation.length; i++)
    expectClose(got.correlation[i] as number, want.correlation[i] as number, `${what} correlation ${i}`);
}

describe('listwise correlation moments', () => {
  it('match the one-row-at-a-time update on random data with missing values', () => {
    let cases = 0;
    for (const rows of [0, 1, 2, 3, 5, 1023, 1024, 1025, 4099, 20_000])
      for (const k of [1, 2, 5, 9])
        for (const gap of [0, 0.02, 0.3])
          for (const [offset, scale, whole] of [
            [0, 10, true],
            [1, 4, true],
            [-3, 1e-3, false],
            [1e6, 50, false],
          ] as const) {
            const cols = data(k, rows, gap, offset, scale, whole);
            expectSame(correlationMoments(cols), welford(cols), `${rows}x${k} gap ${gap} offset ${offset}`);
            cases++;
          }
    expect(cases).toBe(480);
  });

  it('match it with constant columns, no complete row, and Float32 or plain-array columns', () => {
    const [a, b, c] = data(3, 3000, 0.1, 1, 4, true) as [Float64Array, Float64Array, Float64Array];
    const constant = new Float64Array(3000).fill(4);
    constant[17] = Number.NaN;
    const cases: Array<[string, ArrayLike<number>[]]> = [
      ['constant', [a, constant, c]],
      ['constant after the first complete row', [a, Float64Array.from(b, (v, r) => (r < 100 ? v : 2)), c]],
      ['no complete row', [a, Float64Array.from(a, (v) => (Number.isNaN(v) ? 1 : Number.NaN))]],
      ['Float32', [Float32Array.from(a), b, Float32Array.from(c)]],
      ['plain arrays', [Array.from(a), Array.from(b), c]],
    ];
    for (const [what, cols] of cases) expectSame(correlationMoments(cols), welford(cols), what);
    expect(correlationMoments(cases[0]?.[1] as ArrayLike<number>[]).constant).toEqual([false, true, false]);
    expect(correlationMoments(cases[2]?.[1] as ArrayLike<number>[]).n).toBe(0);
  });
});
