// Small-group suppression: nothing under the threshold is shown or recoverable from the total.
import { describe, expect, it } from 'vitest';
import { suppressSmallGroups } from './anonymity.js';

const g = (pairs: Array<[string, number]>) => pairs.map(([key, n]) => ({ key, n }));

describe('suppressSmallGroups', () => {
  it('shows every group at or above the threshold', () => {
    const s = suppressSmallGroups(
      g([
        ['a', 5],
        ['b', 12],
      ]),
      5,
    );
    expect([...s.shown].sort()).toEqual(['a', 'b']);
    expect(s.hidden.size).toBe(0);
    expect(s.totalShown).toBe(true);
  });

  it('hides a small group and the next smallest, so the total minus the shown groups reveals no one', () => {
    const s = suppressSmallGroups(
      g([
        ['a', 8],
        ['b', 6],
        ['c', 4],
      ]),
      5,
    );
    expect([...s.hidden].sort()).toEqual(['b', 'c']);
    expect([...s.shown]).toEqual(['a']);
    expect(s.totalShown).toBe(true);
  });

  it('keeps hiding until the hidden groups hold at least the threshold together', () => {
    const s = suppressSmallGroups(
      g([
        ['a', 1],
        ['b', 1],
        ['c', 2],
        ['d', 9],
        ['e', 30],
      ]),
      5,
    );
    expect([...s.hidden].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...s.shown]).toEqual(['e']);
  });

  it('hides the total when too few answered at all', () => {
    const s = suppressSmallGroups(
      g([
        ['a', 2],
        ['b', 2],
      ]),
      5,
    );
    expect(s.shown.size).toBe(0);
    expect(s.totalShown).toBe(false);
  });

  it('never leaves a shown group under the threshold, or a recoverable hidden set (random cases)', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let run = 0; run < 500; run++) {
      const min = 3 + Math.floor(rand() * 8);
      const groups = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, i) => ({
        key: `t${i}`,
        n: Math.floor(rand() * 15),
      }));
      const s = suppressSmallGroups(groups, min);
      const n = (k: string) => groups.find((x) => x.key === k)?.n ?? 0;
      for (const k of s.shown) expect(n(k)).toBeGreaterThanOrEqual(min);
      if (s.totalShown && s.hidden.size > 0) {
        expect(s.hidden.size).toBeGreaterThanOrEqual(2);
        expect([...s.hidden].reduce((a, k) => a + n(k), 0)).toBeGreaterThanOrEqual(min);
      }
    }
  });
});
