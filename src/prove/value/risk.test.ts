// The bootstrap of revenue at risk, on cases small enough to work by hand.
import { describe, expect, it } from 'vitest';
import { bootstrap } from './risk.js';

describe('revenue-at-risk bootstrap', () => {
  it('of two contacts (100 and 300 to one part) spans the sums 200, 400, 600', () => {
    // a resample draws 0, 1 or 2 copies of the first contact (1/4, 1/2, 1/4): totals 600, 400, 200
    const b = bootstrap([[[0, 100]], [[0, 300]]], 1, { resamples: 2000, seed: 1 });
    if (!b) throw new Error('no bootstrap');
    expect(new Set(b.total)).toEqual(new Set([200, 400, 600]));
    const share = (v: number) => b.total.filter((t) => t === v).length / 2000;
    expect(share(400)).toBeGreaterThan(0.45);
    expect(share(400)).toBeLessThan(0.55);
    expect(b.total[0]).toBe(200);
    expect(b.total[1999]).toBe(600);
    expect(Array.from(b.parts[0] as Float64Array)).toEqual(Array.from(b.total));
  });

  it('splits a contact across its parts, each resample adding up to the total, and repeats with its seed', () => {
    const rows = [
      [
        [0, 50],
        [1, 50],
      ],
      [[1, 30]],
      [[2, 20]],
    ] as Array<Array<[number, number]>>;
    const a = bootstrap(rows, 3, { resamples: 50, seed: 9 });
    const again = bootstrap(rows, 3, { resamples: 50, seed: 9 });
    expect(a).toEqual(again);
    // sorted per part, so compare sums of all resamples: every draw's parts add up to its total
    const partsSum = (a?.parts ?? []).reduce((s, p) => s + p.reduce((x, y) => x + y, 0), 0);
    expect(partsSum).toBeCloseTo(a?.total.reduce((x, y) => x + y, 0) ?? 0, 9);
    expect(bootstrap([[[0, 1]]], 1)).toBeNull();
  });
});
