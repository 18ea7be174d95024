// Behaviour of the driver analysis beyond the reference fixtures: limits, errors and scale.
import { describe, expect, it } from 'vitest';
import { allSubsetsR2, analyseDrivers } from './index.js';

/** Seeded linear congruential generator, so the synthetic data is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function synthetic(rows: number, p: number) {
  const rnd = lcg(42);
  const drivers = Array.from({ length: p }, (_, j) => ({ name: `d${j}`, values: new Float64Array(rows) }));
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const g = rnd();
    let t = 0;
    drivers.forEach((d, j) => {
      const v = Math.min(5, Math.floor(1 + 5 * (0.5 * g + 0.5 * rnd())));
      d.values[r] = rnd() < 0.03 ? 0 : v;
      t += (v * (j + 1)) / p;
    });
    y[r] = t + 3 * rnd();
  }
  return { y, drivers };
}

describe('analyseDrivers', () => {
  it('runs 14-driver exact Shapley on 130,000 rows quickly and sums to R²', () => {
    const { y, drivers } = synthetic(130_000, 14);
    const t0 = performance.now();
    const r = analyseDrivers(y, drivers, { notApplicable: [0] });
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000); // target 1 s on the reference machine; generous here against CI noise
    const total = r.drivers.reduce((a, d) => a + (d.shapley ?? 0), 0);
    expect(Math.abs(total - r.r2)).toBeLessThan(1e-9);
    expect(r.n).toBeLessThan(130_000);
  });

  it('falls back to relative weights above maxExactDrivers', () => {
    const { y, drivers } = synthetic(500, 6);
    const r = analyseDrivers(y, drivers, { maxExactDrivers: 5 });
    expect(r.drivers.every((d) => d.shapley === null)).toBe(true);
    const total = r.drivers.reduce((a, d) => a + d.relativeWeight, 0);
    expect(Math.abs(total - r.r2)).toBeLessThan(1e-9);
    expect(Math.abs(r.drivers.reduce((a, d) => a + d.share, 0) - 1)).toBeLessThan(1e-9);
  });

  it('rejects a constant outcome and too few rows', () => {
    expect(() => analyseDrivers([1, 1, 1], [{ name: 'a', values: [1, 2, 3] }])).toThrow(/constant/);
    expect(() => analyseDrivers([1], [{ name: 'a', values: [1] }])).toThrow(/too few/);
  });

  it('gives subset R² of zero for the empty set', () => {
    const r2 = allSubsetsR2([1, 0.5, 0.5, 1], 1);
    expect(r2[0]).toBe(0);
    expect(r2[1]).toBeCloseTo(0.25, 12);
  });
});
