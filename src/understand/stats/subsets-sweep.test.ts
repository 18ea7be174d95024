// The subset R² of the sweep (allSubsetsR2) against an independent computation (the Cholesky factor
// extended row by row, as the analysis did before, and a plain solve of the normal equations per subset),
// and sparse pairwise drivers against the closed form for uncorrelated drivers.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random.js';
import { shapleyFromSubsets } from './drivers.js';
import { allSubsetsR2, analyseDrivers, correlationMoments } from './index.js';

/** Reference: R² of every subset by depth-first Cholesky extension (the earlier implementation). */
function choleskySubsets(R: ArrayLike<number>, p: number): Float64Array {
  const m = p + 1;
  const r2 = new Float64Array(2 ** p);
  const L = new Float64Array(p * p);
  const z = new Float64Array(p);
  const active = new Int32Array(p);
  const visit = (start: number, k: number, mask: number, parent: number): void => {
    for (let j = start; j < p; j++) {
      const row = k * p;
      let ss = 0;
      for (let i = 0; i < k; i++) {
        let v = R[(active[i] as number) * m + j] as number;
        for (let q = 0; q < i; q++) v -= (L[i * p + q] as number) * (L[row + q] as number);
        v /= L[i * p + i] as number;
        L[row + i] = v;
        ss += v * v;
      }
      const d2 = (R[j * m + j] as number) - ss;
      const next = mask | (1 << j);
      if (d2 > 1e-10) {
        const d = Math.sqrt(d2);
        L[row + k] = d;
        let zy = R[j * m + p] as number;
        for (let i = 0; i < k; i++) zy -= (L[row + i] as number) * (z[i] as number);
        zy /= d;
        z[k] = zy;
        active[k] = j;
        r2[next] = parent + zy * zy;
        visit(j + 1, k + 1, next, parent + zy * zy);
      } else {
        r2[next] = parent;
        visit(j + 1, k, next, parent);
      }
    }
  };
  visit(0, 0, 0, 0);
  return r2;
}

/** Random correlated data: p drivers sharing factors, an outcome built from them with noise. */
function randomCorrelation(seed: number, rows: number, p: number, collinear = false): Float64Array {
  const rand = mulberry32(seed);
  const cols = Array.from({ length: p + 1 }, () => new Float64Array(rows));
  for (let r = 0; r < rows; r++) {
    const f1 = rand();
    const f2 = rand();
    let y = 0;
    for (let j = 0; j < p; j++) {
      const v =
        collinear && j === p - 1
          ? (cols[0]?.[r] as number) + (cols[1]?.[r] as number)
          : (j % 3) * f1 + f2 + rand();
      (cols[j] as Float64Array)[r] = v;
      y += (j % 2 ? 0.3 : -0.2) * v;
    }
    (cols[p] as Float64Array)[r] = y + 2 * rand();
  }
  return correlationMoments(cols).correlation;
}

describe('subset R² by the sweep operator', () => {
  it('equals the Cholesky extension on random correlated data, every subset, up to 12 drivers', () => {
    for (const [seed, p] of [
      [1, 1],
      [2, 3],
      [3, 7],
      [4, 12],
    ] as const) {
      const R = randomCorrelation(seed, 400, p);
      const got = allSubsetsR2(R, p);
      const ref = choleskySubsets(R, p);
      for (let mask = 0; mask < ref.length; mask++) expect(got[mask]).toBeCloseTo(ref[mask] as number, 11);
    }
  });

  it('drops a driver in the span of the others as the Cholesky extension does', () => {
    const p = 6;
    const R = randomCorrelation(9, 300, p, true);
    const got = allSubsetsR2(R, p);
    const ref = choleskySubsets(R, p);
    for (let mask = 0; mask < ref.length; mask++) expect(got[mask]).toBeCloseTo(ref[mask] as number, 9);
    // Driver 5 = driver 0 + driver 1: adding it to {0, 1} adds nothing.
    expect(got[0b100011]).toBeCloseTo(got[0b11] as number, 9);
  });

  it('gives LMG values bit for bit equal to the per-driver sums (one pass over the subsets)', () => {
    // Reference: per driver, its subsets in increasing order (the sums as they were computed before).
    const perDriver = (r2: Float64Array, p: number): number[] => {
      const size = (mask: number): number => (mask === 0 ? 0 : (mask & 1) + size(mask >> 1));
      const weight = [1 / p];
      for (let s = 1; s < p; s++) weight.push(((weight[s - 1] as number) * s) / (p - s));
      return Array.from({ length: p }, (_, j) => {
        let acc = 0;
        for (let mask = 0; mask < r2.length; mask++)
          if (!(mask & (1 << j)))
            acc += (weight[size(mask)] as number) * ((r2[mask | (1 << j)] as number) - (r2[mask] as number));
        return acc;
      });
    };
    for (const [seed, p, collinear] of [
      [1, 1, false],
      [2, 3, false],
      [3, 7, false],
      [4, 12, false],
      [9, 6, true],
      [10, 11, true],
    ] as const) {
      const r2 = allSubsetsR2(randomCorrelation(seed, 400, p, collinear), p);
      expect(shapleyFromSubsets(r2, p)).toEqual(perDriver(r2, p));
    }
  });

  it('equals a direct solve of the normal equations on one subset', () => {
    const p = 5;
    const m = p + 1;
    const R = randomCorrelation(5, 500, p);
    const S = [0, 2, 3];
    // Gaussian elimination on R_SS b = r_Sy; R² = b · r_Sy.
    const A = S.map((i) => [...S.map((j) => R[i * m + j] as number), R[i * m + p] as number]);
    for (let c = 0; c < S.length; c++) {
      for (let r = c + 1; r < S.length; r++) {
        const f = (A[r]?.[c] as number) / (A[c]?.[c] as number);
        for (let k = c; k <= S.length; k++)
          (A[r] as number[])[k] = (A[r]?.[k] as number) - f * (A[c]?.[k] as number);
      }
    }
    const b = new Array<number>(S.length).fill(0);
    for (let r = S.length - 1; r >= 0; r--) {
      let v = A[r]?.[S.length] as number;
      for (let k = r + 1; k < S.length; k++) v -= (A[r]?.[k] as number) * (b[k] as number);
      b[r] = v / (A[r]?.[r] as number);
    }
    const direct = S.reduce((acc, i, a) => acc + (b[a] as number) * (R[i * m + p] as number), 0);
    expect(allSubsetsR2(R, p)[0b1101]).toBeCloseTo(direct, 12);
  });
});

describe('sparse pairwise drivers', () => {
  it('take two drivers seen together in too few rows as uncorrelated: each Shapley value is r² with the outcome', () => {
    const rand = mulberry32(3);
    const rows = 200;
    const a = new Float64Array(rows).fill(Number.NaN);
    const b = new Float64Array(rows).fill(Number.NaN);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const x = 1 + Math.floor(rand() * 5);
      // Rows 0-99 see a, rows 97-199 see b: three rows see both.
      if (r < 100) a[r] = x;
      if (r >= 97) b[r] = r % 2 ? x : 6 - x;
      y[r] = x + 2 * rand();
    }
    const out = analyseDrivers(
      y,
      [
        { name: 'a', values: a },
        { name: 'b', values: b },
      ],
      { missing: 'pairwise', sparsePairs: true, minPairRows: 10 },
    );
    // With the drivers uncorrelated, R² = r_ay² + r_by² and each driver's LMG is its own r².
    for (const d of out.drivers) expect(d.shapley).toBeCloseTo((d.correlation as number) ** 2, 12);
    expect(out.r2).toBeCloseTo(
      out.drivers.reduce((s, d) => s + (d.correlation as number) ** 2, 0),
      12,
    );
    // n: the smallest count of rows behind a driver with the outcome (a: 100, b: 103).
    expect(out.n).toBe(100);
    // Without the rule the three shared rows set the pair's correlation, and n is those three rows.
    const dense = analyseDrivers(
      y,
      [
        { name: 'a', values: a },
        { name: 'b', values: b },
      ],
      { missing: 'pairwise' },
    );
    expect(dense.n).toBe(3);
  });
});
