// Key drivers across touchpoints from the in-memory columnar index give the answer of the SQL reads
// (per-contact sums and outcomes), for random filter combinations, after rows written since the index
// loaded (caught up), and after retention unlinks contacts from records (rebuilt: the link is no
// analysed column, but the index holds it).
import { describe, expect, it } from 'vitest';
import { anonymiseOldFeedback } from '../../src/listen/privacy/queries/retention.js';
import { getTouchpointDrivers } from '../../src/understand/index.js';
import { type Metric, warmColumnarIndex } from '../../src/understand/sums/index.js';
import { insertFeedback } from '../support/factories.js';
import { close, type TouchpointQuery, touchpointDriversFixture } from '../support/touchpoint-drivers.js';

const START = Date.UTC(2024, 0, 1);
const SPAN = 400 * 86_400_000;
/** Records before this have no comment: retention's unlink then changes the contact link alone. */
const CUTOFF = new Date(START + 60 * 86_400_000);
const fx = touchpointDriversFixture({ seed: 35, rows: 4000, commentsFrom: CUTOFF.getTime() });
const { rand, pick, randomFilter, settle, expectSame, builds, unfiltered } = fx;

describe('key drivers across touchpoints from the columnar index', () => {
  it('give the SQL answer for random filter combinations, metrics and outcomes', async () => {
    expect(await warmColumnarIndex(fx.db.sql, fx.acme.org.id)).toBe(true);
    const first = await expectSame(unfiltered());
    // Once loaded, the index answers by default.
    expect((await getTouchpointDrivers(fx.db.sql, fx.acme.org.id, unfiltered())).engine).toBe('index');
    expect((first as { drivers: unknown[] }).drivers.length).toBeGreaterThanOrEqual(4);
    let answered = 0;
    for (let k = 0; k < 60; k++) {
      const q: TouchpointQuery = {
        metric: pick<Metric>(['csat', 'csat', 'ces', 'nps', 'rating']),
        outcome:
          rand() < 0.8
            ? { surveyId: pick([fx.relationship, fx.relationship.toUpperCase()]) }
            : { attribute: 'churned' },
        missing: rand() < 0.85 ? 'pairwise' : 'listwise',
        filter: randomFilter(),
      };
      if (!('refused' in ((await expectSame(q)) as object))) answered++;
    }
    // Both kinds are exercised: answers and refusals with their counts.
    expect(answered).toBeGreaterThan(15);
    expect(answered).toBeLessThan(60);
    expect(builds()).toBe(1);
  });

  it('see a record written after the index loaded (caught up, not rebuilt)', async () => {
    const before = await settle(unfiltered(), 'index');
    // Ten new contacts who met two touchpoints and gave the relationship NPS: the answer moves.
    const fresh = await fx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id) select ${fx.acme.org.id}, 'late-' || g from generate_series(1, 10) g
      returning id`;
    const at = new Date(START + SPAN - 86_400_000).toISOString();
    await insertFeedback(
      fx.db.sql,
      fx.acme.org.id,
      fresh.flatMap((c, i) => [
        {
          contactId: c.id,
          surveyId: fx.relationship,
          touchpointId: fx.renewal,
          nps: i % 2 === 0 ? 10 : 0,
          occurredAt: at,
        },
        {
          contactId: c.id,
          surveyId: fx.surveys[1],
          touchpointId: fx.tps[1],
          csat: i % 2 === 0 ? 5 : 1,
          occurredAt: at,
        },
        { contactId: c.id, surveyId: fx.surveys[2], touchpointId: fx.tps[2], csat: 3, occurredAt: at },
      ]),
    );
    const after = await expectSame(unfiltered());
    expect(close(after, before)).toBe(false);
    expect(builds()).toBe(1);
  });

  it('drop contact links that retention removed (a rewrite: the index is rebuilt)', async () => {
    const q = unfiltered();
    const before = await settle(q, 'index');
    const [linked] = await fx.db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback
      where org_id = ${fx.acme.org.id} and occurred_at < ${CUTOFF} and contact_id is not null and text is null`;
    expect(linked?.n).toBeGreaterThan(100);
    const unlinked = await anonymiseOldFeedback(fx.db.sql, fx.acme.org.id, CUTOFF, 100_000);
    expect(unlinked).toBe(linked?.n);
    const after = await expectSame(q);
    expect(close(after, before)).toBe(false);
    expect(builds()).toBe(2);
    for (let k = 0; k < 10; k++)
      await expectSame({ metric: 'csat', outcome: { surveyId: fx.relationship }, filter: randomFilter() });
  });
});
