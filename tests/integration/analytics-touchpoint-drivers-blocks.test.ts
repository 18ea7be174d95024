// Key drivers across touchpoints computed afresh from blocks of contact codes (no contact × touchpoint
// table) give the answer of the SQL reads, and the pair sums the table gives (the same counts, the
// same moments to rounding), for random filters and metrics, with blocks of 64 contacts (so that the
// fixture's contacts span several and a contact's block boundary is crossed) and of their default size,
// before and after rows written since the index loaded, and after those rows are merged in.
import { afterAll, describe, expect, it } from 'vitest';
import { MIN_TOUCHPOINT_CONTACTS } from '../../src/understand/drivers/index.js';
import {
  type PairSumsWay,
  setPairSumsWay,
  type TouchpointPairSums,
} from '../../src/understand/sums/columnar-contact-moments.js';
import { setContactBlockBits } from '../../src/understand/sums/columnar-contact-parts.js';
import {
  columnarIndexStats,
  columnarMergesDone,
  configureColumnarIndex,
  getColumnarTouchpointPairSums,
  getMirrorSurveyIds,
  type Metric,
  touchpointPairSumsCounts,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { insertFeedback } from '../support/factories.js';
import { type TouchpointQuery, touchpointDriversFixture } from '../support/touchpoint-drivers.js';

const fx = touchpointDriversFixture({ seed: 53, rows: 3000 });
const { pick, randomRows, randomFilter, expectSame, builds } = fx;
afterAll(() => {
  setContactBlockBits(null);
  setPairSumsWay('blocks');
});

/** A random pairwise query with the relationship NPS as outcome. */
const randomQuery = (): TouchpointQuery => ({
  metric: pick<Metric>(['csat', 'csat', 'ces', 'nps', 'rating']),
  outcome: { surveyId: fx.relationship },
  missing: 'pairwise',
  filter: randomFilter(),
});

/** The sums computed afresh one way (a query of its own: the kept sums' key differs per way). */
async function freshSums(q: TouchpointQuery, how: PairSumsWay): Promise<TouchpointPairSums | null> {
  setPairSumsWay(how);
  const mirrors = await getMirrorSurveyIds(fx.db.sql, fx.acme.org.id);
  const excludeSurveys = [...mirrors, fx.relationship, ...(how === 'table' ? [fx.relationship] : [])];
  const before = touchpointPairSumsCounts().fresh;
  const sums = await getColumnarTouchpointPairSums(
    fx.db.sql,
    fx.acme.org.id,
    { metric: q.metric, filter: q.filter, excludeSurveys, outcome: q.outcome as { surveyId: string } },
    MIN_TOUCHPOINT_CONTACTS,
  );
  if (sums) expect(touchpointPairSumsCounts().fresh).toBe(before + 1);
  setPairSumsWay('blocks');
  return sums;
}

/** Both ways' sums: equal counts, and means and covariances of every pair equal to 1e-12. */
function expectSameSums(a: TouchpointPairSums | null, b: TouchpointPairSums | null): void {
  expect(a === null).toBe(b === null);
  if (!a || !b) return;
  expect([a.rows, a.withOutcome, a.nonBinary, [...a.metBy]]).toEqual([
    b.rows,
    b.withOutcome,
    b.nonBinary,
    [...b.metBy],
  ]);
  const W = a.touchpoints.length + 1;
  for (let i = 0; i < W; i++)
    for (let j = i; j < W; j++) {
      const o = 6 * (i * W + j);
      const n = a.sums[o] as number;
      expect(n).toBe(b.sums[o]);
      if (n === 0) continue;
      // Sums about different shifts (each way's first value): compare what they are about.
      for (const [col, at] of [
        [i, o + 1],
        [j, o + 2],
      ] as const) {
        const ma = (a.sums[at] as number) / n + (a.shift[col] as number);
        const mb = (b.sums[at] as number) / n + (b.shift[col] as number);
        expect(Math.abs(ma - mb)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(mb)));
      }
      const cov = (x: TouchpointPairSums) =>
        (x.sums[o + 5] as number) / n - ((x.sums[o + 1] as number) / n) * ((x.sums[o + 2] as number) / n);
      expect(Math.abs(cov(a) - cov(b))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(cov(b))));
    }
}

async function check(n: number): Promise<number> {
  let answered = 0;
  for (let k = 0; k < n; k++) {
    const q = randomQuery();
    const table = await freshSums(q, 'table');
    const blocks = await freshSums(q, 'blocks');
    expectSameSums(blocks, table);
    if (blocks) answered++;
    await expectSame({ ...q, filter: { ...q.filter, to: new Date(Date.UTC(2030, 0, 1) + k) } });
  }
  return answered;
}

describe('key drivers across touchpoints computed afresh from blocks of contacts', () => {
  it('give the SQL answer and the table’s sums, with blocks of 64 contacts and of the default size', async () => {
    // A short tail: the records appended below are merged in (rows move; the outcome survey's kept rows
    // are read afresh).
    configureColumnarIndex({ enabled: true, maxRows: 1_000_000, blockRows: 64, mergeRows: 200 });
    expect(await warmColumnarIndex(fx.db.sql, fx.acme.org.id)).toBe(true);
    setContactBlockBits(6);
    expect(await check(20)).toBeGreaterThan(10);
    setContactBlockBits(null);
    expect(await check(10)).toBeGreaterThan(5);
    expect(builds()).toBe(1);
  });

  it('give them with rows written since the index loaded', async () => {
    const late = await fx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id) select ${fx.acme.org.id}, 'late-' || g from generate_series(1, 70) g
      returning id`;
    fx.addContacts(late.map((c) => c.id));
    await insertFeedback(fx.db.sql, fx.acme.org.id, randomRows(400));
    setContactBlockBits(6);
    expect(await check(15)).toBeGreaterThan(7);
    expect(builds()).toBe(1);
  });

  it('give them after those rows are merged in (the rows moved)', async () => {
    await columnarMergesDone();
    expect(columnarIndexStats().find((s) => s.orgId === fx.acme.org.id)?.merges).toBe(1);
    setContactBlockBits(6);
    expect(await check(15)).toBeGreaterThan(7);
    expect(builds()).toBe(1);
  });
});
