// The in-memory columnar index answers exactly what a scan of feedback answers, for random filter
// combinations, through inserts (caught up), out-of-order commits, edits and deletes (rebuilt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createSurvey, createTouchpoint } from '../../src/listen/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import {
  columnarIndexStats,
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
  type Dimension,
  getSums,
  type Metric,
  type SumsQuery,
  type TimeBucket,
  warmColumnarIndex,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, insertFeedback, npsDefinition, type TestOrg } from '../support/factories.js';

const rand = prng(12);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const maybe = <T>(p: number, v: () => T): T | null => (rand() < p ? v() : null);

let db: TestDatabase;
let acme: TestOrg;
let other: TestOrg;
const ids = {
  surveys: [] as string[],
  touchpoints: [] as string[],
  stages: [] as string[],
  journeys: [] as string[],
};
const PLANS = ['basic', 'pro', 'team'];
const REGIONS = ['north', 'south', 'east', 'west', 'Zürich "HQ"\t'];
const TIERS = ['gold', 'silver'];
const DEVICES = ['mobile', 'desktop'];
const CHANNELS = ['web', 'email', 'app'];
const ZONES = [
  'UTC',
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Asia/Kathmandu',
];
const START = Date.UTC(2024, 9, 1);
const SPAN = 430 * 86_400_000;
const RATINGS = [0, 0.25, 0.5, 0.75, 1, 1 / 3, 2 / 3, 1 / 6, 0.1];

function randomRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    source: 'import',
    sourceId: `${Date.now()}-${i}-${rand()}`,
    surveyId: maybe(0.9, () => pick(ids.surveys)),
    touchpointId: maybe(0.85, () => pick(ids.touchpoints)),
    stageId: maybe(0.8, () => pick(ids.stages)),
    journeyId: maybe(0.9, () => pick(ids.journeys)),
    channel: pick(CHANNELS),
    // Any millisecond, so local days, weeks and DST changes fall between rows.
    occurredAt: new Date(START + Math.floor(rand() * SPAN)).toISOString(),
    nps: maybe(0.8, () => Math.floor(rand() * 11)),
    csat: maybe(0.5, () => 1 + Math.floor(rand() * 5)),
    ces: maybe(0.4, () => 1 + Math.floor(rand() * 7)),
    rating: maybe(0.4, () => pick(RATINGS)),
    ratingScale: 5,
    text: maybe(0.3, () => 'a comment'),
    attributes:
      rand() < 0.9
        ? {
            plan: pick(PLANS),
            region: pick(REGIONS),
            seats: Math.floor(rand() * 3),
            ...(rand() < 0.6 ? { tier: pick(TIERS) } : {}),
            ...(rand() < 0.1 ? { tier: null } : {}),
          }
        : {},
    metadata: rand() < 0.8 ? { device: pick(DEVICES), flags: { beta: rand() < 0.5 } } : {},
  }));
}

const SEGMENTS: Array<[Dimension, () => string]> = [
  ['attr.plan', () => pick(PLANS)],
  ['attr.region', () => pick(REGIONS)],
  ['attr.seats', () => String(Math.floor(rand() * 3))],
  ['attr.tier', () => pick([...TIERS, ''])],
  ['meta.device', () => pick(DEVICES)],
  ['meta.flags', () => pick(['{"beta": true}', '{"beta": false}'])],
  ['attr.never', () => pick(['', 'x'])],
];

/** An instant: a random millisecond, or a local midnight, in the range of the data (or a bit outside). */
function bound(): Date {
  const t = START - 5 * 86_400_000 + Math.floor(rand() * (SPAN + 10 * 86_400_000));
  return new Date(rand() < 0.3 ? Math.floor(t / 86_400_000) * 86_400_000 : t);
}

/** A random query; `noSegments`: none on attributes, metadata or comments (what the pre-sums answer). */
function randomQuery(noSegments = false): SumsQuery {
  const metric = pick<Metric>(['nps', 'csat', 'ces', 'rating']);
  const interval =
    maybe(0.8, () => pick<TimeBucket>(['day', 'week', 'month', 'quarter', 'year'])) ?? undefined;
  const columns: Dimension[] = ['survey', 'touchpoint', 'stage', 'journey', 'channel'];
  const groupBy: Dimension[] = [];
  if (rand() < 0.5) groupBy.push(pick(columns));
  if (!noSegments && rand() < 0.4) groupBy.push(pick(SEGMENTS)[0]);
  if (!noSegments && rand() < 0.15) groupBy.push(pick(SEGMENTS)[0]);
  const equals: Array<{ dimension: Dimension; value: string }> = [];
  const attrs = noSegments ? 0 : Math.floor(rand() * 4); // 0-3 attribute or metadata filters at once
  for (let k = 0; k < attrs; k++) {
    const [dimension, value] = pick(SEGMENTS);
    equals.push({ dimension, value: value() });
  }
  if (rand() < 0.3) equals.push({ dimension: 'channel', value: pick(CHANNELS) });
  if (rand() < 0.2) equals.push({ dimension: 'touchpoint', value: pick(ids.touchpoints) });
  if (!noSegments && rand() < 0.1)
    equals.push({ dimension: 'survey', value: pick(ids.surveys).toUpperCase() });
  if (!noSegments && rand() < 0.1) equals.push({ dimension: 'stage', value: pick(ids.stages) });
  const a = maybe(0.5, bound);
  const b = maybe(0.5, bound);
  const [from, to] = a && b && a > b ? [b, a] : [a, b];
  const hasText = noSegments ? undefined : (maybe(0.15, () => rand() < 0.5) ?? undefined);
  return {
    metric,
    interval,
    timeZone: pick(ZONES),
    groupBy,
    filter: { equals, from: from ?? undefined, to: to ?? undefined, hasText },
  };
}

async function expectSame(q: SumsQuery) {
  const raw = await getSums(db.sql, acme.org.id, q, 'raw');
  const index = await getSums(db.sql, acme.org.id, q, 'index');
  expect(index.engine).toBe('index');
  expect(index.rows, JSON.stringify(q)).toEqual(raw.rows);
  return raw.rows;
}

const builds = () => columnarIndexStats().find((s) => s.orgId === acme.org.id)?.builds ?? 0;

beforeAll(async () => {
  // Blocks of 64 rows: the pre-sums answer whole blocks of these few thousand rows too.
  configureColumnarIndex({ enabled: true, maxRows: 1_000_000, blockRows: 64 });
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  other = await createTestOrg(db.sql, 'Other');
  const j = await createJourney(db.sql, acme.org.id, { name: 'Buy', stages: ['find', 'pay', 'receive'] });
  ids.journeys.push(j.id);
  ids.stages.push(...j.stages.map((s) => s.id));
  for (const name of ['Checkout', 'Delivery', 'Support', 'Mirror']) {
    const tp = await createTouchpoint(db.sql, acme.org.id, {
      journeyId: j.id,
      name,
      stageId: j.stages[1]?.id ?? null,
    });
    ids.touchpoints.push(tp.id);
    const s = await createSurvey(db.sql, acme.org.id, {
      name: `${name} survey`,
      touchpointId: tp.id,
      definition: npsDefinition,
    });
    ids.surveys.push(s.id);
  }
  // The last survey mirrors the first (internal answers): left out of every sum.
  await db.sql`update surveys set mirror_of = ${ids.surveys[0] as string} where id = ${ids.surveys[3] as string}`;
  await insertFeedback(db.sql, acme.org.id, randomRows(3000));
  // Microseconds and a local-midnight instant, on either side of millisecond bounds.
  await db.sql`insert into feedback (org_id, source, source_id, channel, occurred_at, nps, attributes)
    values (${acme.org.id}, 'api', 'us-1', 'web', '2025-03-01T00:00:00.000500Z', 10, '{"plan": "pro"}'),
      (${acme.org.id}, 'api', 'us-2', 'web', '2025-02-28T23:59:59.999900Z', 0, '{"plan": "pro"}'),
      (${acme.org.id}, 'api', 'us-3', 'web', '2025-03-29T23:00:00Z', 5, '{"plan": "1.50"}')`;
  const oj = await createJourney(db.sql, other.org.id, { name: 'Other', stages: ['x'] });
  const otp = await createTouchpoint(db.sql, other.org.id, { journeyId: oj.id, name: 'Other tp' });
  await createSurvey(db.sql, other.org.id, {
    name: 'Other',
    touchpointId: otp.id,
    definition: npsDefinition,
  });
  // Another organisation's rows share days, channels and attributes: they must never be counted.
  await insertFeedback(
    db.sql,
    other.org.id,
    randomRows(300).map((r) => ({
      ...r,
      surveyId: null,
      touchpointId: null,
      stageId: null,
      journeyId: null,
    })),
  );
});
afterAll(async () => {
  configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
  await db.drop();
});

describe('columnar index', () => {
  it('gives exactly the plain-SQL answer for 250 random filter combinations', async () => {
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(true);
    let nonEmpty = 0;
    for (let k = 0; k < 250; k++) if ((await expectSame(randomQuery())).length > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThan(150);
    // No attribute, metadata or comment filter: whole blocks from the pre-sums, in zones with DST.
    for (let k = 0; k < 80; k++) await expectSame(randomQuery(true));
    // Bounds one millisecond either side of the sub-millisecond rows.
    for (const [from, to] of [
      ['2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00.001Z'],
      ['2025-03-01T00:00:00.001Z', '2025-03-02T00:00:00Z'],
      ['2025-02-28T23:59:59.999Z', '2025-03-01T00:00:00.000Z'],
    ]) {
      const rows = await expectSame({
        metric: 'nps',
        interval: 'day',
        timeZone: 'UTC',
        groupBy: ['attr.plan'],
        filter: {
          from: new Date(from as string),
          to: new Date(to as string),
          equals: [{ dimension: 'attr.plan', value: 'pro' }],
        },
      });
      expect(rows.length).toBeLessThanOrEqual(1);
    }
    expect(builds()).toBe(1);
  });

  it('catches up inserted rows without a rebuild, whatever order their transactions commit in', async () => {
    await insertFeedback(db.sql, acme.org.id, randomRows(40));
    for (let k = 0; k < 30; k++) await expectSame(randomQuery());
    for (let i = 0; i < 5; i++) await insertFeedback(db.sql, acme.org.id, randomRows(1));
    // A transaction that took its id first commits last: its rows must still be picked up. It inserts
    // only after the others committed (so nobody waits on its locks), with the older transaction id.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started: () => void = () => {};
    const begun = new Promise<void>((r) => {
      started = r;
    });
    const slow = db.sql.begin(async (tx) => {
      await tx`select pg_current_xact_id()`;
      started();
      await gate;
      await insertFeedback(tx as unknown as Sql, acme.org.id, randomRows(3));
    });
    await begun;
    await insertFeedback(db.sql, acme.org.id, randomRows(2));
    const q: SumsQuery = { metric: 'nps', timeZone: 'UTC', groupBy: [], filter: {} };
    await expectSame(q);
    release();
    await slow;
    await expectSame(q);
    for (let k = 0; k < 30; k++) await expectSame(randomQuery(k % 2 === 0));
    expect(builds()).toBe(1);
  });

  it('rebuilds after edits, re-tagging, erasure and deletes, answering from SQL meanwhile', async () => {
    await db.sql`update feedback set nps = (nps + 3) % 11, occurred_at = occurred_at + interval '7 hours'
      where org_id = ${acme.org.id} and nps is not null and random() < 0.1`;
    for (let k = 0; k < 20; k++) await expectSame(randomQuery());
    expect(builds()).toBe(2);
    await db.sql`update feedback set attributes = attributes || '{"plan": "pro"}' where org_id = ${acme.org.id} and random() < 0.05`;
    const twoAttrs: SumsQuery = {
      metric: 'nps',
      interval: 'month',
      timeZone: 'Europe/Paris',
      groupBy: [],
      filter: {
        equals: [
          { dimension: 'attr.plan', value: 'pro' },
          { dimension: 'attr.region', value: 'north' },
        ],
      },
    };
    // The first read after a rewrite cannot use the stale index: it scans, and the rebuild starts.
    const first = await getSums(db.sql, acme.org.id, twoAttrs);
    expect(first.engine).toBe('raw');
    await warmColumnarIndex(db.sql, acme.org.id);
    const auto = await getSums(db.sql, acme.org.id, twoAttrs);
    expect(auto.engine).toBe('index');
    expect(auto.rows).toEqual((await getSums(db.sql, acme.org.id, twoAttrs, 'raw')).rows);
    // An enrichment-only update changes nothing the index holds: no rebuild.
    const before = builds();
    await db.sql`update feedback set enrichment = '{"sentiment": 1}' where org_id = ${acme.org.id}`;
    await expectSame(twoAttrs);
    expect(builds()).toBe(before);
    await db.sql`update feedback set text = null where org_id = ${acme.org.id} and random() < 0.2`;
    await expectSame({ ...twoAttrs, filter: { hasText: true } });
    await db.sql`delete from feedback where org_id = ${acme.org.id} and random() < 0.05`;
    for (let k = 0; k < 40; k++) await expectSame(randomQuery());
    expect(builds()).toBe(before + 2);
  });

  it('counts only the organisation itself, and stays off when switched off', async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from feedback where org_id = ${acme.org.id} and nps is not null
        and (survey_id is null or survey_id <> ${ids.surveys[3] as string})`;
    const { rows } = await getSums(
      db.sql,
      acme.org.id,
      { metric: 'nps', timeZone: 'UTC', groupBy: [], filter: {} },
      'index',
    );
    expect(rows[0]?.n).toBe(row?.n);
    configureColumnarIndex({ enabled: false });
    const q: SumsQuery = { metric: 'nps', timeZone: 'Asia/Tokyo', groupBy: [], filter: {} };
    expect((await getSums(db.sql, acme.org.id, q)).engine).toBe('raw');
    await expect(getSums(db.sql, acme.org.id, q, 'index')).rejects.toThrow(/index/);
    configureColumnarIndex({ enabled: true, maxRows: 10 });
    expect(await warmColumnarIndex(db.sql, acme.org.id)).toBe(false);
    expect((await getSums(db.sql, acme.org.id, q)).engine).toBe('raw');
  });
});
