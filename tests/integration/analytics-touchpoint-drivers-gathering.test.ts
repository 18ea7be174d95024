// Each way the columnar index gathers the contact × touchpoint table (a scan of the filter's rows, the
// row chains of the contacts with the outcome) gives the answer of the SQL reads, for random filter combinations,
// metrics and outcomes, before and after rows written since the index loaded (appended to it and
// caught up: the scan and the chains read them too).
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ContactTableGathering,
  contactTableCounts,
  setContactTableGathering,
} from '../../src/understand/sums/columnar-contacts.js';
import {
  getColumnarContactTouchpoints,
  type Metric,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { insertFeedback } from '../support/factories.js';
import { type TouchpointQuery, touchpointDriversFixture } from '../support/touchpoint-drivers.js';

const fx = touchpointDriversFixture({ seed: 36, rows: 3000 });
const { rand, pick, randomRows, randomFilter, expectSame, builds, unfiltered } = fx;
afterAll(() => {
  setContactTableGathering('auto');
});

/** A random query: metric, a survey or attribute outcome, pairwise or listwise, a random filter. */
const randomQuery = (): TouchpointQuery => ({
  metric: pick<Metric>(['csat', 'csat', 'ces', 'nps', 'rating']),
  outcome: rand() < 0.8 ? { surveyId: fx.relationship } : { attribute: 'churned' },
  missing: rand() < 0.7 ? 'pairwise' : 'listwise',
  filter: randomFilter(),
});

const WAYS = { scan: 'scanned', chains: 'chained' } as const;

/** `n` random queries with the table gathered one way: the SQL answer, and gathered that way only. */
async function sameEachWay(n: number): Promise<number> {
  let answered = 0;
  for (const [how, counter] of Object.entries(WAYS) as Array<
    [ContactTableGathering, (typeof WAYS)[keyof typeof WAYS]]
  >) {
    setContactTableGathering(how);
    const before = contactTableCounts();
    for (let k = 0; k < n; k++) if (!('refused' in ((await expectSame(randomQuery())) as object))) answered++;
    const after = contactTableCounts();
    for (const c of Object.values(WAYS))
      if (c === counter) expect(after[c]).toBeGreaterThan(before[c]);
      else expect(after[c]).toBe(before[c]);
  }
  setContactTableGathering('auto');
  return answered;
}

describe('the contact × touchpoint table from the columnar index, each way it is gathered', () => {
  it('gives the SQL answer for random filter combinations, metrics and outcomes', async () => {
    expect(await warmColumnarIndex(fx.db.sql, fx.acme.org.id)).toBe(true);
    await expectSame(unfiltered());
    const answered = await sameEachWay(25);
    // Both kinds are exercised: answers and refusals with their counts.
    expect(answered).toBeGreaterThan(15);
    expect(answered).toBeLessThan(75);
    expect(builds()).toBe(1);
  });

  it('gives it with rows written since the index loaded (appended to it)', async () => {
    const late = await fx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id) select ${fx.acme.org.id}, 'late-' || g from generate_series(1, 10) g
      returning id`;
    fx.addContacts(late.map((c) => c.id));
    await insertFeedback(fx.db.sql, fx.acme.org.id, randomRows(150));
    await sameEachWay(10);
    expect(builds()).toBe(1);
  });

  it('orders the rows as met in the scan, whichever way (the same table, row for row)', async () => {
    const tables = [];
    for (const how of Object.keys(WAYS) as ContactTableGathering[]) {
      setContactTableGathering(how);
      tables.push(
        await getColumnarContactTouchpoints(
          fx.db.sql,
          fx.acme.org.id,
          {
            metric: 'csat',
            filter: {},
            excludeSurveys: [fx.relationship],
            outcome: { surveyId: fx.relationship },
          },
          true,
        ),
      );
    }
    setContactTableGathering('auto');
    const [scan, chains] = tables;
    expect(scan?.rows).toBeGreaterThan(50);
    expect(chains).toEqual(scan);
  });
});
