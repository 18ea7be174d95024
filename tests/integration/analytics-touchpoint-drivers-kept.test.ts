// Key drivers across touchpoints from the pair sums the index keeps per query give the answer of the SQL
// reads after each way the records change: rows appended (caught up: new contacts, an outcome arriving
// for a contact who had only touchpoint scores, more scores, rows the filter or the mirror leaves out;
// more than a quarter more rows still caught up), rows appended out of time order past the merge point
// (a re-sort: the sums caught up before it hold after it), and rewrites (an update, a delete, retention
// unlinking contacts: the index is rebuilt, and the queries read before are computed as it loads, as is
// the drivers page's default after a start).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint } from '../../src/listen/index.js';
import { anonymiseOldFeedback } from '../../src/listen/privacy/queries/retention.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import {
  getTouchpointDrivers,
  touchpointShapleyCounts,
  touchpointTablesRead,
} from '../../src/understand/index.js';
import {
  columnarIndexStats,
  columnarMergesDone,
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
  type Metric,
  type SliceFilter,
  touchpointPairSumsCounts,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, type FeedbackRow, insertFeedback, type TestOrg } from '../support/factories.js';
import { oneQuestionSurvey } from '../support/touchpoint-drivers.js';

const rand = prng(41);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

let db: TestDatabase;
let acme: TestOrg;
const tps: string[] = [];
const surveys: string[] = [];
let journey = '';
let relationship = '';
let renewal = '';
let mirror = '';
let contacts: string[] = [];
/** Contacts with touchpoint scores but no relationship NPS until the catch-up gives them one. */
let quiet: string[] = [];
/** A touchpoint too few contacts meet to enter the analysis, and contacts who met only it. */
let rareTp = '';
let rareSurvey = '';
let loners: string[] = [];
const START = Date.UTC(2024, 0, 1);
const DAY = 86_400_000;
const CUTOFF = new Date(START + 30 * DAY);
/** Rows appended out of time order past which they are merged in (a re-sort). */
const MERGE_ROWS = 150;

/** A contact's answer at the rare touchpoint. */
function rareRow(contactId: string, day: number): FeedbackRow {
  return { ...row(contactId, day, false), surveyId: rareSurvey, touchpointId: rareTp };
}

/** A contact's answer at a touchpoint (CSAT, CES, a rating) or its relationship NPS, on a given day. */
function row(contactId: string | null, day: number, outcome: boolean): FeedbackRow {
  const base = {
    contactId,
    channel: pick(['web', 'email']),
    occurredAt: new Date(START + day * DAY + Math.floor(rand() * DAY)).toISOString(),
    journeyId: journey,
    attributes: { plan: pick(['basic', 'pro']) },
  };
  if (outcome)
    return { ...base, surveyId: relationship, touchpointId: renewal, nps: Math.floor(rand() * 11) };
  const t = Math.floor(rand() * tps.length);
  return {
    ...base,
    surveyId: surveys[t] as string,
    touchpointId: tps[t] as string,
    csat: 1 + Math.floor(rand() * 5),
    ces: rand() < 0.6 ? 1 + Math.floor(rand() * 7) : null,
    rating: rand() < 0.5 ? pick([0, 0.25, 0.5, 0.75, 1]) : null,
    ratingScale: 5,
  };
}

type Query = Parameters<typeof getTouchpointDrivers>[2];

/** The queries kept across the changes: unfiltered and filtered, several metrics. */
function queries(): Query[] {
  const q = (metric: Metric, filter: SliceFilter): Query => ({
    metric,
    outcome: { surveyId: relationship },
    filter,
  });
  return [
    q('csat', {}),
    q('csat', { equals: [{ dimension: 'journey', value: journey }] }),
    q('ces', { equals: [{ dimension: 'attr.plan', value: 'pro' }] }),
    q('rating', { from: new Date(START + 20 * DAY) }),
    q('csat', { equals: [{ dimension: 'channel', value: 'web' }], to: new Date(START + 300 * DAY) }),
  ];
}

async function settle(q: Query, engine: 'raw' | 'index'): Promise<unknown> {
  try {
    const { engine: _e, ...rest } = await getTouchpointDrivers(db.sql, acme.org.id, q, engine);
    return rest;
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** Equal, numbers to 1e-9 relative (sums caught up contact by contact differ in the last digits). */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-12);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => close((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

/** Every query's index answer is the SQL answer; returns the answers. */
async function expectAllSame(): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of queries()) {
    const raw = await settle(q, 'raw');
    const index = await settle(q, 'index');
    expect('refused' in (raw as object), JSON.stringify(raw)).toBe(false);
    expect(
      close(index, raw),
      `${JSON.stringify(q)}\nindex ${JSON.stringify(index)}\nraw ${JSON.stringify(raw)}`,
    ).toBe(true);
    out.push(raw);
  }
  return out;
}

/** The index with small blocks and merges, each merge in many slices. */
const SETTINGS = {
  enabled: true,
  maxRows: 1_000_000,
  blockRows: 64,
  mergeRows: MERGE_ROWS,
  // Merges in the background take many turns of the event loop: a read is seen not to wait for one.
  mergeSliceRows: 1,
};

const stats = () => columnarIndexStats().find((s) => s.orgId === acme.org.id);

beforeAll(async () => {
  configureColumnarIndex(SETTINGS);
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  const orgId = acme.org.id;
  const j = await createJourney(db.sql, orgId, { name: 'Life', stages: ['use', 'renew'] });
  journey = j.id;
  for (const name of ['Onboarding', 'Billing', 'Support', 'Delivery']) {
    const tp = await createTouchpoint(db.sql, orgId, {
      journeyId: j.id,
      name,
      stageId: j.stages[0]?.id ?? null,
    });
    tps.push(tp.id);
    surveys.push(await oneQuestionSurvey(db.sql, orgId, name, tp.id, 'csat'));
  }
  renewal = (await createTouchpoint(db.sql, orgId, { journeyId: j.id, name: 'Renewal' })).id;
  rareTp = (await createTouchpoint(db.sql, orgId, { journeyId: j.id, name: 'Rare' })).id;
  rareSurvey = await oneQuestionSurvey(db.sql, orgId, 'Rare', rareTp, 'csat');
  relationship = await oneQuestionSurvey(db.sql, orgId, 'Relationship', renewal, 'nps');
  mirror = await oneQuestionSurvey(db.sql, orgId, 'Mirror', tps[0] as string, 'csat');
  await db.sql`update surveys set mirror_of = ${surveys[0] as string} where id = ${mirror}`;
  const made = await db.sql<{ id: string }[]>`
    insert into contacts (org_id, external_id) select ${orgId}, 'c-' || g from generate_series(1, 146) g
    returning id`;
  contacts = made.slice(0, 120).map((r) => r.id);
  quiet = made.slice(120, 140).map((r) => r.id);
  loners = made.slice(140).map((r) => r.id);
  const rows: FeedbackRow[] = [];
  for (let k = 0; k < 1500; k++) rows.push(row(pick(contacts), Math.floor(rand() * 300), rand() < 0.3));
  for (const c of quiet) for (let k = 0; k < 3; k++) rows.push(row(c, 100 + Math.floor(rand() * 200), false));
  // Five loners at the rare touchpoint alone (their outcome is no row of the analysis), two others too.
  for (const c of loners.slice(0, 5)) rows.push(row(c, 150, true), rareRow(c, 151));
  rows.push(rareRow(contacts[0] as string, 152), rareRow(contacts[1] as string, 153));
  await insertFeedback(db.sql, orgId, rows);
});
afterAll(async () => {
  configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
  await db.drop();
});

describe('key drivers across touchpoints from kept pair sums', () => {
  it('are caught up with rows appended since (new contacts, outcomes arriving), not computed afresh', async () => {
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
    const first = await expectAllSame();
    const kept = touchpointPairSumsCounts();
    // Served from the kept sums again: nothing computed afresh, nothing to catch up.
    await expectAllSame();
    expect(touchpointPairSumsCounts()).toEqual(kept);
    const merges = stats()?.merges;
    const orgId = acme.org.id;
    const late = await db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id) select ${orgId}, 'late-' || g from generate_series(1, 12) g
      returning id`;
    const appended: FeedbackRow[] = [
      // The quiet contacts' outcome arrives: their earlier touchpoint scores now count.
      ...quiet.map((c) => row(c, 310, true)),
      // A sixth loner, and a contact who met only the rare touchpoint meets another.
      row(loners[5] as string, 310, true),
      rareRow(loners[5] as string, 310),
      row(loners[0] as string, 311, false),
      // New contacts with an outcome and scores; existing ones with more of both.
      ...late.flatMap((c) => [row(c.id, 311, true), row(c.id, 311, false), row(c.id, 312, false)]),
      ...Array.from({ length: 40 }, () => row(pick(contacts), 313, rand() < 0.4)),
      // Left out: no contact; the mirror survey; another plan and channel.
      row(null, 314, false),
      { ...row(pick(contacts), 314, false), surveyId: mirror, touchpointId: tps[0] as string },
    ];
    await insertFeedback(db.sql, orgId, appended);
    const after = await expectAllSame();
    expect(close(after[0], first[0])).toBe(false);
    const now = touchpointPairSumsCounts();
    expect(now.fresh).toBe(kept.fresh);
    expect(now.caughtUp).toBe(kept.caughtUp + queries().length);
    expect(stats()?.builds).toBe(1);
    expect(stats()?.merges).toBe(merges);
  });

  it('are carried over a re-sort (rows appended out of time order merged in), not computed afresh', async () => {
    const merges = stats()?.merges as number;
    const before = touchpointPairSumsCounts();
    // Past the merge point (rows behind the sorted prefix): the rows move, but each contact keeps its
    // rows, so the sums caught up just before the merge hold after it.
    const old: FeedbackRow[] = [];
    for (let k = 0; k < MERGE_ROWS + 20; k++)
      old.push(row(pick([...contacts, ...quiet]), 10 + (k % 250), k % 4 === 0));
    await insertFeedback(db.sql, acme.org.id, old);
    // The read that catches them up does not wait for the merge: it is built in the background (in
    // slices of one row here), reads answered from the index as it is meanwhile, then swapped in.
    const [first] = queries();
    const index = await settle(first as Query, 'index');
    expect(stats()?.merges).toBe(merges);
    expect(stats()?.merging).toBe(true);
    expect(close(index, await settle(first as Query, 'raw'))).toBe(true);
    await expectAllSame();
    await columnarMergesDone();
    expect(stats()?.merging).toBe(false);
    await expectAllSame();
    expect(stats()?.merges).toBe(merges + 1);
    expect(stats()?.builds).toBe(1);
    const now = touchpointPairSumsCounts();
    expect(now.fresh).toBe(before.fresh);
    // Each query read (and the page's default over the last 12 months, kept since the load).
    expect(now.merged).toBeGreaterThanOrEqual(before.merged + queries().length);
    // And caught up again after it.
    await insertFeedback(db.sql, acme.org.id, [row(pick(quiet), 320, true), row(pick(quiet), 320, false)]);
    await expectAllSame();
    expect(touchpointPairSumsCounts().fresh).toBe(before.fresh);
  });

  it('are caught up past a quarter more rows (compensated sums: no rounding build-up)', async () => {
    const before = touchpointPairSumsCounts();
    const rows = stats()?.rows as number;
    // In time order (no merge), in batches, each read catching up: half as many rows again in all.
    for (let batch = 0; batch < 6; batch++) {
      const more: FeedbackRow[] = [];
      for (let k = 0; k < Math.ceil(rows / 12); k++)
        more.push(row(pick([...contacts, ...quiet]), 330 + batch, rand() < 0.3));
      await insertFeedback(db.sql, acme.org.id, more);
      await expectAllSame();
    }
    expect(stats()?.rows).toBeGreaterThan(rows * 1.4);
    expect(touchpointPairSumsCounts().fresh).toBe(before.fresh);
  });

  it('are dropped with the index on a rewrite (update, delete, contacts unlinked)', async () => {
    const orgId = acme.org.id;
    await db.sql`update feedback set csat = 6 - csat
      where id in (select id from feedback where org_id = ${orgId} and csat is not null limit 50)`;
    // The rebuild computes the sums of the queries read before as it loads: their first read is served.
    expect(await warmColumnarIndex(db.sql, orgId)).toBe(true);
    const loaded = touchpointPairSumsCounts();
    await expectAllSame();
    expect(touchpointPairSumsCounts().fresh).toBe(loaded.fresh);
    expect(stats()?.builds).toBe(2);
    await db.sql`delete from feedback
      where id in (select id from feedback where org_id = ${orgId} and nps is not null limit 40)`;
    await expectAllSame();
    expect(stats()?.builds).toBe(3);
    const unlinked = await anonymiseOldFeedback(db.sql, orgId, CUTOFF, 100_000);
    expect(unlinked).toBeGreaterThan(100);
    await expectAllSame();
    expect(stats()?.builds).toBe(4);
  });

  it("compute the drivers page's default as an index loads after a start (its first read served)", async () => {
    // New records (a matrix no read has seen), then a new start: no index, no query read yet.
    await insertFeedback(db.sql, acme.org.id, [row(pick(quiet), 340, true), row(pick(quiet), 340, false)]);
    configureColumnarIndex(SETTINGS);
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
    const loaded = touchpointPairSumsCounts();
    const byDefault = queries()[0] as Query;
    const raw = await settle(byDefault, 'raw');
    const shapley = touchpointShapleyCounts();
    const index = await settle(byDefault, 'index');
    expect(close(index, raw), `index ${JSON.stringify(index)}\nraw ${JSON.stringify(raw)}`).toBe(true);
    expect(touchpointPairSumsCounts().fresh).toBe(loaded.fresh);
    // Its exact Shapley values too (analysed as the index loaded).
    expect(touchpointShapleyCounts().computed).toBe(shapley.computed);
    // Another query is not: computed afresh on its first read.
    await settle(queries()[2] as Query, 'index');
    expect(touchpointPairSumsCounts().fresh).toBe(loaded.fresh + 1);
  });

  it('refuse too few contacts from the kept sums, as SQL does, without reading the table', async () => {
    const narrow: Query = {
      metric: 'csat',
      outcome: { surveyId: relationship },
      filter: { from: new Date(START + 339 * DAY) },
    };
    const first = await settle(narrow, 'index');
    expect(first).toEqual(await settle(narrow, 'raw'));
    expect(JSON.stringify(first)).toMatch(/Too few contacts/);
    // New records in the range: caught up, and still too few.
    await insertFeedback(db.sql, acme.org.id, [row(pick(quiet), 341, true), row(pick(quiet), 341, false)]);
    const tables = touchpointTablesRead();
    const index = await settle(narrow, 'index');
    expect(touchpointTablesRead()).toBe(tables);
    expect(index).toEqual(await settle(narrow, 'raw'));
    expect(index).not.toEqual(first);
  });
});
