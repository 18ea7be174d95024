// The moments from the index's kept pair sums against the sparse rows' moments of the same table: the
// same bits when computed afresh, the same to rounding once caught up with appended rows.
import { describe, expect, it } from 'vitest';
import { mulberry32 as prng } from '../../shared/random.js';
import { sparsePairwiseMoments } from '../stats/index.js';
import { columnarTouchpointPairSums } from '../sums/columnar-contact-moments.js';
import { columnarContactTouchpoints } from '../sums/columnar-contacts.js';
import { ColumnarIndex, type IndexRow } from '../sums/columnar-index.js';
import { momentsFromTouchpointPairs, touchpointColumns } from './touchpoint-table.js';

const uuid = (k: number) => `00000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;
const OUTCOME = uuid(999);

/** Records of `contacts` contacts; with `rare`, some at a seventh touchpoint few contacts meet. */
function rows(rand: () => number, n: number, contacts: number, rare = false): IndexRow[] {
  return Array.from({ length: n }, (_, k) => {
    const outcome = rand() < 0.3;
    const t = rare && rand() < 0.004 ? 6 : Math.floor(rand() * 6);
    return {
      at: Date.UTC(2025, 0, 1) + k * 60_000,
      survey: outcome ? OUTCOME : uuid(100 + t),
      touchpoint: outcome ? uuid(50) : uuid(t),
      stage: null,
      journey: null,
      channel: rand() < 0.5 ? 'web' : 'email',
      nps: outcome ? Math.floor(rand() * 11) : null,
      csat: outcome ? null : 1 + Math.floor(rand() * 5),
      ces: null,
      rating: null,
      hasText: false,
      segments: [],
      // The rare touchpoint's contacts: half of them meet nothing else.
      contact:
        t === 6 && rand() < 0.5
          ? uuid(5000 + Math.floor(rand() * 5))
          : rand() < 0.95
            ? uuid(1000 + Math.floor(rand() * contacts))
            : null,
    };
  });
}

const query = {
  metric: 'csat' as const,
  filter: { equals: [{ dimension: 'channel' as const, value: 'web' }] },
  excludeSurveys: [OUTCOME],
  outcome: { surveyId: OUTCOME },
};

/** The analysis' moments the table way: table, sparse rows, moments. */
function fromTable(ix: ColumnarIndex) {
  const table = columnarContactTouchpoints(ix, query);
  if (!table) throw new Error('no table');
  const c = touchpointColumns(table, 10);
  return { touchpoints: c.touchpoints, moments: sparsePairwiseMoments(c.sparse, c.touchpoints.length + 1) };
}

/** The kept moments against the table's, to rounding: touchpoints, counts, means and correlations. */
function expectClose(ix: ColumnarIndex): void {
  const kept = momentsFromTouchpointPairs(columnarTouchpointPairSums(ix, query, 10) as never, 10);
  const table = fromTable(ix);
  expect(kept?.touchpoints).toEqual(table.touchpoints);
  expect(kept?.moments.counts).toEqual(table.moments.counts);
  expect(kept?.moments.pairCounts).toEqual(table.moments.pairCounts);
  const pairs: Array<[ArrayLike<number>, ArrayLike<number>]> = [
    [kept?.moments.correlation as Float64Array, table.moments.correlation],
    [kept?.moments.means as number[], table.moments.means],
    [kept?.moments.variances as number[], table.moments.variances],
  ];
  for (const [a, b] of pairs) {
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++)
      expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(
        1e-12 * Math.max(1, Math.abs(b[i] as number)),
      );
  }
}

describe('moments from kept touchpoint pair sums', () => {
  it('have the bits of the sparse rows when computed afresh, and agree once caught up', () => {
    const rand = prng(9);
    const ix = new ColumnarIndex(16, 64);
    for (const r of rows(rand, 6000, 300)) ix.append(r);
    const pairs = columnarTouchpointPairSums(ix, query, 10);
    const kept = pairs && momentsFromTouchpointPairs(pairs, 10);
    expect(kept).not.toBeNull();
    expect(kept?.moments).toEqual(fromTable(ix).moments);
    // New contacts and more answers of old ones, in time order after the rest.
    for (const r of rows(rand, 800, 340)) ix.append({ ...r, at: r.at + 10 * 365 * 86_400_000 });
    expectClose(ix);
  });

  it('leave out of the outcome the contacts who met only touchpoints too rarely met', () => {
    const rand = prng(11);
    const ix = new ColumnarIndex(16, 64);
    for (const r of rows(rand, 6000, 300, true)) ix.append(r);
    const pairs = columnarTouchpointPairSums(ix, query, 10);
    // The rare touchpoint is met, not taken, and some contacts met nothing else.
    expect(pairs?.onlyRare?.count).toBeGreaterThan(0);
    expectClose(ix);
    for (const r of rows(rand, 900, 340, true)) ix.append({ ...r, at: r.at + 10 * 365 * 86_400_000 });
    expectClose(ix);
  });
});
