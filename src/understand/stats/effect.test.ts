// Initiative-effect estimators against statsmodels/numpy reference values (tests/fixtures/stats/generate_effect.py), at 1e-6.
import { describe, expect, it } from 'vitest';
import golden from '../../../tests/fixtures/stats/effect-golden.json' with { type: 'json' };
import {
  didPower,
  type EffectCell,
  effectVerdict,
  estimateDid,
  estimateIts,
  MDE_FACTOR,
  npsPointMoments,
} from './effect.js';
import { sumMoments } from './scores.js';

const TOL = 1e-6;
function near(actual: number | null | undefined, expected: number | null | undefined, label = ''): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  const a = actual as number;
  expect(Math.abs(a - expected), `${label}: ${a} vs ${expected}`).toBeLessThanOrEqual(
    TOL * Math.max(1, Math.abs(expected)),
  );
}

/** Aggregate [treated, period, y] rows into cells with `sumMoments` (NPS codes unshifted, as npsPointMoments gives). */
function cellsOf(rows: number[][], nps: boolean): EffectCell[] {
  const groups = new Map<string, { treated: boolean; period: number; ys: number[] }>();
  for (const [t, p, y] of rows as [number, number, number][]) {
    const key = `${t}:${p}`;
    const g = groups.get(key) ?? { treated: t === 1, period: p, ys: [] };
    g.ys.push(y);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    if (nps) {
      const counts = {
        promoters: g.ys.filter((y) => y === 100).length,
        passives: g.ys.filter((y) => y === 0).length,
        detractors: g.ys.filter((y) => y === -100).length,
      };
      return { treated: g.treated, period: g.period, ...npsPointMoments(counts) };
    }
    return { treated: g.treated, period: g.period, ...sumMoments(g.ys) };
  });
}

describe('difference-in-differences agrees with statsmodels HC1', () => {
  it.each(golden.did)('$name', (c) => {
    const r = estimateDid(cellsOf(c.rows, c.outcome === 'nps'), { outcome: c.outcome as 'mean' | 'nps' });
    expect(r).not.toBeNull();
    if (!r) return;
    const e = c.expected as unknown as Record<string, number> & {
      preTrend?: Record<string, number> | null;
    };
    near(r.estimate, e.estimate, 'estimate');
    if (e.centre !== undefined) near(r.centre, e.centre, 'centre');
    near(r.se, e.se, 'se');
    near(r.ci.low, e.low, 'low');
    near(r.ci.high, e.high, 'high');
    near(r.p, e.p, 'p');
    expect(r.columns.length).toBe(e.k);
    if (e.residualSd !== undefined) near(r.residualSd, e.residualSd, 'residual sd');
    if (e.preTrend !== undefined) expect(r.preTrend === null).toBe(e.preTrend === null);
    if (e.preTrend && r.preTrend) {
      near(r.preTrend.slopeDifference, e.preTrend.slopeDifference, 'pre-trend');
      near(r.preTrend.se, e.preTrend.se, 'pre-trend se');
      near(r.preTrend.p, e.preTrend.p, 'pre-trend p');
    }
  });

  it('splitting a cell in two changes nothing (cells are merged, shifts re-centred)', () => {
    const c = golden.did[0] as (typeof golden.did)[number];
    const cells = cellsOf(c.rows, false);
    const first = cells[0] as EffectCell;
    const split = cells.slice(1);
    const rowsOfFirst = c.rows
      .filter((r) => r[0] === (first.treated ? 1 : 0) && r[1] === first.period)
      .map((r) => r[2] as number);
    const half = Math.floor(rowsOfFirst.length / 2);
    split.push({ treated: first.treated, period: first.period, ...sumMoments(rowsOfFirst.slice(0, half)) });
    split.push({
      treated: first.treated,
      period: first.period,
      ...sumMoments(rowsOfFirst.slice(half).map((v) => v)),
    });
    const a = estimateDid(cells);
    const b = estimateDid(split);
    near(b?.estimate, a?.estimate);
    near(b?.se, a?.se);
  });

  it('is not identified without data after the start, or without a control', () => {
    const c = golden.did[0] as (typeof golden.did)[number];
    const cells = cellsOf(c.rows, false);
    expect(estimateDid(cells.filter((x) => x.period < 0))).toBeNull();
    expect(estimateDid(cells.filter((x) => x.treated))).toBeNull();
    expect(() => estimateDid([{ treated: true, period: 0.5, n: 1, sum: 1, sumSquares: 1 }])).toThrow(
      RangeError,
    );
  });
});

describe('interrupted time series agrees with statsmodels HAC (Newey-West)', () => {
  it.each(golden.its)('$name', (c) => {
    const r = estimateIts(c.series, { maxLags: c.maxLags });
    expect(r).not.toBeNull();
    if (!r) return;
    near(r.estimate, c.expected.level.estimate, 'level');
    near(r.se, c.expected.level.se, 'level se');
    near(r.ci.low, c.expected.level.low, 'level low');
    near(r.ci.high, c.expected.level.high, 'level high');
    near(r.p, c.expected.level.p, 'level p');
    near(r.slopeChange.estimate, c.expected.slope.estimate, 'slope');
    near(r.slopeChange.se, c.expected.slope.se, 'slope se');
    near(r.slopeChange.ci.low, c.expected.slope.low, 'slope low');
    near(r.slopeChange.p, c.expected.slope.p, 'slope p');
    near(r.preSlope, c.expected.preSlope, 'pre slope');
    expect(r.df).toBe(c.expected.df);
    expect(r.warnings[0]).toMatch(/weaker evidence/);
  });

  it('warns with fewer than 8 periods on a side and refuses fewer than 2', () => {
    const s = (golden.its[1] as (typeof golden.its)[number]).series;
    expect(estimateIts(s)?.warnings.join(' ')).toMatch(/6 after/);
    expect(estimateIts(s.filter((x) => x.period < 1))).toBeNull();
  });
});

describe('power and verdict', () => {
  it('uses z_0.975 + z_0.8', () => near(MDE_FACTOR, golden.mdeFactor));

  it.each(golden.power)('MDE and n needed %#', (c) => {
    const r = didPower(c.counts, c.sd, c.target, c.se === null ? null : { se: c.se });
    near(r.minimumDetectableEffect, c.expected.mde, 'mde');
    expect(r.nNeeded).toBe(c.expected.nNeeded);
  });

  it('calls a win only when the interval clears 0 in the good direction', () => {
    const ci = (low: number, high: number) => ({ ci: { low, high, level: 0.95 } });
    expect(effectVerdict(ci(0.01, 0.5))).toBe('win');
    expect(effectVerdict(ci(-0.5, -0.01))).toBe('worse');
    expect(effectVerdict(ci(-0.01, 0.5))).toBe('no_detectable_change');
    expect(effectVerdict(ci(0.01, 0.5), { higherIsBetter: false })).toBe('worse');
    expect(effectVerdict(ci(0.01, 0.5), { enoughData: false })).toBe('too_early');
    expect(effectVerdict(null)).toBe('too_early');
  });
});
