// The rollup answers exactly what a scan of feedback answers, through inserts, updates, deletes and rebuilds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createSurvey, createTouchpoint } from '../../src/listen/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import { saveRollupSettings } from '../../src/understand/index.js';
import {
  type Dimension,
  getSums,
  type Metric,
  planRollup,
  type SumsQuery,
  type TimeBucket,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, insertFeedback, npsDefinition, type TestOrg } from '../support/factories.js';

const rand = prng(7);
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
const DEVICES = ['mobile', 'desktop'];
const CHANNELS = ['web', 'email', 'app'];
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York'];

/** Random feedback rows inserted in one statement (the trigger sees them as one transition table). */
async function insertRandom(sql: Sql, orgId: string, n: number, surveys: string[], tps: string[]) {
  const rows = Array.from({ length: n }, (_, i) => {
    const t = Math.floor(rand() * tps.length);
    return {
      source: 'import',
      sourceId: `${Date.now()}-${i}-${rand()}`,
      surveyId: maybe(0.9, () => pick(surveys)),
      touchpointId: maybe(0.85, () => tps[t] as string),
      stageId: maybe(0.8, () => pick(ids.stages)),
      journeyId: maybe(0.9, () => pick(ids.journeys)),
      channel: pick(CHANNELS),
      // Spread over 2025 with minutes, so local days differ from UTC days near midnight.
      occurredAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 365 * 1440) * 60_000).toISOString(),
      nps: maybe(0.8, () => Math.floor(rand() * 11)),
      csat: maybe(0.5, () => 1 + Math.floor(rand() * 5)),
      ces: maybe(0.4, () => 1 + Math.floor(rand() * 7)),
      rating: maybe(0.4, () => Math.floor(rand() * 5) / 4),
      ratingScale: 5,
      text: maybe(0.3, () => 'a comment'),
      attributes: rand() < 0.9 ? { plan: pick(PLANS), seats: Math.floor(rand() * 3) } : {},
      metadata: rand() < 0.8 ? { device: pick(DEVICES) } : {},
    };
  });
  await insertFeedback(sql, orgId, rows);
}

function randomQuery(): SumsQuery {
  const metric = pick<Metric>(['nps', 'csat', 'ces', 'rating']);
  const interval =
    maybe(0.7, () => pick<TimeBucket>(['day', 'week', 'month', 'quarter', 'year'])) ?? undefined;
  const segment = pick<Dimension>(['attr.plan', 'meta.device']);
  const columns: Dimension[] = ['survey', 'touchpoint', 'stage', 'journey', 'channel'];
  const groupBy: Dimension[] = [];
  if (rand() < 0.5) groupBy.push(pick(columns));
  if (rand() < 0.4) groupBy.push(segment);
  const equals: Array<{ dimension: Dimension; value: string }> = [];
  if (rand() < 0.4)
    equals.push({ dimension: segment, value: segment === 'attr.plan' ? pick(PLANS) : pick(DEVICES) });
  if (rand() < 0.3) equals.push({ dimension: 'channel', value: pick(CHANNELS) });
  if (rand() < 0.3) equals.push({ dimension: 'touchpoint', value: pick(ids.touchpoints) });
  const timeZone = pick(ZONES.slice(0, 2));
  // Local midnight on the 1st (whole months) or on any day (partial weeks and months at the edges).
  const midnight = (month: number) => {
    const day = rand() < 0.4 ? 1 : 1 + Math.floor(rand() * 28);
    const guess = new Date(Date.UTC(2025, month, day));
    const offset =
      timeZone === 'UTC'
        ? 0
        : new Date(guess.toLocaleString('en-US', { timeZone })).getTime() - guess.getTime();
    return new Date(guess.getTime() - offset);
  };
  const from = maybe(0.5, () => midnight(Math.floor(rand() * 6))) ?? undefined;
  const to = maybe(0.5, () => midnight(6 + Math.floor(rand() * 6))) ?? undefined;
  return { metric, interval, timeZone, groupBy, filter: { equals, from, to } };
}

beforeAll(async () => {
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  other = await createTestOrg(db.sql, 'Other');
  const j = await createJourney(db.sql, acme.org.id, { name: 'Buy', stages: ['find', 'pay', 'receive'] });
  ids.journeys.push(j.id);
  ids.stages.push(...j.stages.map((s) => s.id));
  for (const name of ['Checkout', 'Delivery', 'Support']) {
    const tp = await createTouchpoint(db.sql, acme.org.id, {
      journeyId: j.id,
      name,
      stageId: j.stages[0]?.id ?? null,
    });
    ids.touchpoints.push(tp.id);
    const s = await createSurvey(db.sql, acme.org.id, {
      name: `${name} survey`,
      touchpointId: tp.id,
      definition: npsDefinition,
    });
    ids.surveys.push(s.id);
  }
  // Settings before the first rows (kept by the trigger) for UTC and Paris; New York is never kept.
  await saveRollupSettings(db.sql, acme.org.id, {
    timeZones: ['Europe/Paris'],
    dimensions: ['attr.plan', 'meta.device'],
  });
  await insertRandom(db.sql, acme.org.id, 1500, ids.surveys, ids.touchpoints);
  // Another organisation's rows share days and channels: they must never be counted.
  const oj = await createJourney(db.sql, other.org.id, { name: 'Other', stages: ['x'] });
  const otp = await createTouchpoint(db.sql, other.org.id, { journeyId: oj.id, name: 'Other tp' });
  const os = await createSurvey(db.sql, other.org.id, {
    name: 'Other',
    touchpointId: otp.id,
    definition: npsDefinition,
  });
  await insertRandom(db.sql, other.org.id, 500, [os.id], [otp.id]);
  // Single-row writes, updates that move rows between buckets, an update that moves nothing, deletes.
  for (let i = 0; i < 20; i++) await insertRandom(db.sql, acme.org.id, 1, ids.surveys, ids.touchpoints);
  await db.sql`update feedback set nps = (nps + 3) % 11, occurred_at = occurred_at + interval '7 hours'
    where org_id = ${acme.org.id} and nps is not null and random() < 0.1`;
  await db.sql`update feedback set attributes = attributes || '{"plan": "pro"}' where org_id = ${acme.org.id} and random() < 0.05`;
  await db.sql`update feedback set enrichment = '{"sentiment": 1}' where org_id = ${acme.org.id}`;
  await db.sql`delete from feedback where org_id = ${acme.org.id} and random() < 0.05`;
});
afterAll(() => db.drop());

async function expectSame(q: SumsQuery) {
  const raw = await getSums(db.sql, acme.org.id, q, 'raw');
  const rollup = await getSums(db.sql, acme.org.id, q, 'rollup');
  expect(rollup.engine).toBe('rollup');
  expect(rollup.rows, JSON.stringify(q)).toEqual(raw.rows);
  return raw.rows;
}

describe('feedback rollup', () => {
  it('gives exactly the plain-SQL answer for 150 random queries', async () => {
    let nonEmpty = 0;
    for (let k = 0; k < 150; k++) {
      const rows = await expectSame(randomQuery());
      if (rows.length > 0) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  it('stays exact once the pending sums of small writes are folded into the rollup', async () => {
    // A small write folds the pending sums itself one time in 50 (at random): if the last one did,
    // write again until some are pending.
    const pendingRows = async () =>
      (await db.sql<{ n: number }[]>`select count(*)::int as n from feedback_rollup_delta`)[0]?.n ?? 0;
    for (let k = 0; k < 10 && (await pendingRows()) === 0; k++) {
      await insertRandom(db.sql, acme.org.id, 1, ids.surveys, ids.touchpoints);
    }
    expect(await pendingRows()).toBeGreaterThan(0);
    const [folded] = await db.sql<{ ok: boolean }[]>`select feedback_rollup_fold() as ok`;
    expect(folded?.ok).toBe(true);
    const [left] = await db.sql<{ n: number }[]>`select count(*)::int as n from feedback_rollup_delta`;
    expect(left?.n).toBe(0);
    for (let k = 0; k < 40; k++) await expectSame(randomQuery());
    // Small writes after the fold are pending again, and still counted.
    await insertRandom(db.sql, acme.org.id, 3, ids.surveys, ids.touchpoints);
    for (let k = 0; k < 20; k++) await expectSame(randomQuery());
  });

  it('counts only the organisation itself', async () => {
    const [row] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from feedback where org_id = ${acme.org.id} and nps is not null`;
    const { rows } = await getSums(
      db.sql,
      acme.org.id,
      { metric: 'nps', timeZone: 'UTC', groupBy: [], filter: {} },
      'rollup',
    );
    expect(rows[0]?.n).toBe(row?.n);
  });

  it('falls back to a scan when the rollup cannot answer exactly, and says so', async () => {
    const settings = { timeZones: ['Europe/Paris'], dimensions: ['attr.plan', 'meta.device'] };
    const base: SumsQuery = { metric: 'nps', timeZone: 'UTC', groupBy: [], filter: {} };
    expect(planRollup(base, settings)).not.toBeNull();
    expect(planRollup({ ...base, timeZone: 'America/New_York' }, settings)).toBeNull();
    expect(planRollup({ ...base, filter: { from: new Date('2025-03-01T12:00:00Z') } }, settings)).toBeNull();
    expect(planRollup({ ...base, groupBy: ['attr.plan', 'meta.device'] }, settings)).toBeNull();
    expect(planRollup({ ...base, groupBy: ['attr.seats'] }, settings)).toBeNull();
    expect(planRollup({ ...base, filter: { hasText: true } }, settings)).toBeNull();
    const auto = await getSums(db.sql, acme.org.id, {
      ...base,
      timeZone: 'America/New_York',
      interval: 'month',
    });
    const raw = await getSums(
      db.sql,
      acme.org.id,
      { ...base, timeZone: 'America/New_York', interval: 'month' },
      'raw',
    );
    expect(auto).toEqual(raw);
    expect(auto.engine).toBe('raw');
  });

  it('stays exact after the settings change and the rollup is rebuilt', async () => {
    await saveRollupSettings(db.sql, acme.org.id, {
      timeZones: ['America/New_York'],
      dimensions: ['attr.seats'],
    });
    for (let k = 0; k < 30; k++) {
      const q = randomQuery();
      await expectSame({
        ...q,
        timeZone: pick(['UTC', 'America/New_York']),
        groupBy: q.groupBy.map((d) => (d.startsWith('attr.') || d.startsWith('meta.') ? 'attr.seats' : d)),
        filter: {
          ...q.filter,
          from: undefined,
          to: undefined,
          equals: (q.filter.equals ?? []).filter((e) => !e.dimension.includes('.')),
        },
      });
    }
  });
});
