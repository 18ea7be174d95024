// The programme maturity facts from the columnar index (contacts at two or more touchpoints, touchpoints
// and channels heard in 90 days, records in 90 days, employee answers in 365 days, contacts with
// outcomes) give the answer of the one SQL statement, on random records, after records written since
// the index loaded, and with records a fraction of a millisecond after a bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint } from '../../src/listen/index.js';
import { maturityFacts } from '../../src/prove/maturity/index.js';
import { selectMaturityBounds, selectMaturityFacts } from '../../src/prove/maturity/queries.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import {
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
  getColumnarFeedbackFacts,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, type FeedbackRow, insertFeedback, type TestOrg } from '../support/factories.js';

const rand = prng(38);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const maybe = <T>(p: number, v: () => T): T | null => (rand() < p ? v() : null);

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 30, 13, 7, 11, 250);
let db: TestDatabase;
let acme: TestOrg;
let other: TestOrg;
const tps: string[] = [];
let contacts: string[] = [];

function randomRows(n: number, channels: readonly string[]): FeedbackRow[] {
  return Array.from({ length: n }, () => ({
    channel: pick(channels),
    occurredAt: new Date(NOW - Math.floor(rand() * 500 * DAY)),
    contactId: maybe(0.7, () => pick(contacts)),
    touchpointId: maybe(0.8, () => pick(tps)),
    nps: maybe(0.5, () => Math.floor(rand() * 11)),
    text: maybe(0.3, () => 'a comment'),
    attributes:
      rand() < 0.3
        ? { kind: pick(['employee', 'customer', 'Employee']) }
        : rand() < 0.1
          ? { kind: null }
          : { plan: 'pro' },
  }));
}

/** The facts from SQL and as the route reads them (from the index once loaded). */
async function expectSame(asOf: Date, fromIndex: boolean) {
  const orgId = acme.org.id;
  const reference = await selectMaturityFacts(db.sql, orgId, asOf);
  const facts = await maturityFacts(db.sql, orgId, asOf, true);
  expect(facts).toEqual(reference);
  const b = await selectMaturityBounds(db.sql, orgId, asOf);
  const counts = await getColumnarFeedbackFacts(db.sql, orgId, {
    recentAfter: b.after90,
    attributeAfter: b.after365,
    attribute: { key: 'kind', value: 'employee' },
    contacts: b.outcomeContacts,
  });
  // The index answered (else the test compares SQL with itself), except at a bound's millisecond.
  expect(counts !== null).toBe(fromIndex);
  return reference;
}

beforeAll(async () => {
  configureColumnarIndex({ enabled: true, maxRows: 1_000_000, blockRows: 64 });
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  other = await createTestOrg(db.sql, 'Other');
  const orgId = acme.org.id;
  const j = await createJourney(db.sql, orgId, { name: 'Life', stages: ['use'] });
  for (const name of ['Onboarding', 'Billing', 'Support', 'Delivery', 'App', 'Quiet'])
    tps.push((await createTouchpoint(db.sql, orgId, { journeyId: j.id, name })).id);
  const rows = await db.sql<{ id: string }[]>`
    insert into contacts (org_id, external_id)
    select ${orgId}, 'c-' || g from generate_series(1, 300) g returning id`;
  contacts = rows.map((r) => r.id);
  await insertFeedback(db.sql, orgId, randomRows(3000, ['web', 'email', 'app', 'sms']));
  await db.sql`update feedback set enrichment = '{"themeIds": []}'::jsonb
    where org_id = ${orgId} and text is not null and random() < 0.5`;
  // Outcomes for every third contact (some of whom have no record), and another organisation's records.
  await db.sql`
    insert into outcomes (org_id, contact_id, kind, occurred_at, value, source_id)
    select ${orgId}, c, 'order', now(), 1, 'o-' || ord from unnest(${contacts}::uuid[]) with ordinality as t(c, ord)
    where ord % 3 = 0`;
  await insertFeedback(db.sql, other.org.id, [{ channel: 'kiosk', attributes: { kind: 'employee' } }]);
});
afterAll(async () => {
  configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
  await db.drop();
});

describe('programme maturity facts from the columnar index', () => {
  it('give the SQL answer at random dates, and after records written since the index loaded', async () => {
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
    let withTwo = 0;
    for (let k = 0; k < 12; k++) {
      const asOf = new Date(
        NOW - Math.floor(rand() * 200 * DAY) + (k % 3 === 0 ? 0 : Math.floor(rand() * DAY)),
      );
      const f = await expectSame(asOf, true);
      if (f.contactsAtTwoTouchpoints > 0 && (f.employeePulseAnswers ?? 0) > 0 && f.contactsWithOutcomes > 0)
        withTwo++;
    }
    expect(withTwo).toBeGreaterThan(6);
    // Written since: new channels, a contact's second touchpoint, employee answers (caught up, unsorted).
    const lone = contacts[contacts.length - 1] as string;
    await db.sql`delete from feedback where org_id = ${acme.org.id} and contact_id = ${lone}`;
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
    await expectSame(new Date(NOW), true);
    await insertFeedback(db.sql, acme.org.id, [
      ...randomRows(200, ['chat', 'web']),
      { channel: 'phone', occurredAt: new Date(NOW - DAY), contactId: lone, touchpointId: tps[5] as string },
      {
        channel: 'phone',
        occurredAt: new Date(NOW - 3 * DAY),
        contactId: lone,
        touchpointId: tps[0] as string,
      },
    ]);
    for (let k = 0; k < 4; k++) await expectSame(new Date(NOW - k * 7 * DAY + k * 1234), true);
  });

  it('give the SQL answer with records at and just after a bound (microseconds the index does not keep)', async () => {
    const asOf = new Date(NOW - 17 * DAY + 321);
    const { after90, after365 } = await selectMaturityBounds(db.sql, acme.org.id, asOf);
    for (const bound of [after90, after365]) {
      await db.sql`
        insert into feedback (org_id, source, source_id, channel, occurred_at, touchpoint_id, attributes)
        values
          (${acme.org.id}, 'api', ${`at-${bound}`}, 'fax', to_timestamp(${bound} / 1000.0),
            ${tps[5] as string}, '{"kind":"employee"}'),
          (${acme.org.id}, 'api', ${`after-${bound}`}, 'telex', to_timestamp(${bound} / 1000.0) + interval '400 microseconds',
            ${tps[5] as string}, '{"kind":"employee"}')`;
    }
    // At the bound's millisecond the index cannot tell: SQL answers, the same. The records caught up
    // (the unsorted tail), then rebuilt into the sorted prefix (a delete drops the index).
    for (const rebuilt of [false, true]) {
      if (rebuilt) {
        await db.sql`delete from feedback where org_id = ${acme.org.id} and id = (
          select id from feedback where org_id = ${acme.org.id} and channel = 'sms' limit 1)`;
        expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
      }
      await expectSame(asOf, false);
      await expectSame(new Date(asOf.getTime() + 1), true);
      await expectSame(new Date(asOf.getTime() - 1), true);
    }
  });
});
