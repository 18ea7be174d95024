// The in-memory survey answer store gives exactly the answers SQL reads (the same values in the same
// order, so the same drivers and gaps), for random filter combinations, through responses written after
// it loaded (caught up) and edits and deletes (rebuilt, SQL answering meanwhile).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createSurvey, createTouchpoint } from '../../src/listen/index.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import {
  type AnswerTable,
  answerStoreStats,
  configureAnswerStore,
  DEFAULT_ANSWER_STORE_SETTINGS,
  getStoredAnswers,
  getSurveyAnswers,
  MAX_RESPONSES,
  readSurveyAnswers,
  tableFromRows,
  warmAnswerStore,
} from '../../src/understand/answers/index.js';
import {
  type Dimension,
  getDeliveryGap,
  getExpectationGap,
  getImportancePerformance,
  getSurveyDrivers,
  type SliceFilter,
} from '../../src/understand/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, submitTestResponses, type TestOrg } from '../support/factories.js';

const rand = prng(34);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

let db: TestDatabase;
let acme: TestOrg;
let survey: string;
let mirror: string;
const tps: string[] = [];
const stages: string[] = [];
const journeys: string[] = [];
const PLANS = ['basic', 'pro', 'team'];
const REGIONS = ['north', 'south', 'Zürich "HQ"\t'];
const CHANNELS = ['web', 'email', 'app'];
const DEVICES = ['mobile', 'desktop'];
const START = Date.UTC(2025, 0, 1);
const SPAN = 200 * 86_400_000;
const rating = (id: string) => ({ id, type: 'rating', text: { en: id }, scale: { min: 1, max: 5 } });
const DEFINITION = {
  title: { en: 'Visit' },
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
    rating('staff'),
    rating('speed'),
    {
      id: 'grid',
      type: 'matrix',
      text: { en: 'Grid' },
      scale: { min: 1, max: 5 },
      rows: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
    {
      id: 'rel',
      type: 'expectation_perception',
      text: { en: 'Reliability' },
      attributes: [
        { id: 'ontime', text: 'On time' },
        { id: 'right', text: 'Right' },
      ],
    },
    {
      id: 'ipa',
      type: 'importance_performance',
      text: { en: 'IPA' },
      attributes: [
        { id: 'ontime', text: 'On time' },
        { id: 'right', text: 'Right' },
      ],
    },
    { id: 'comment', type: 'text', text: { en: 'Why?' } },
  ],
};
/** Every value the analyses can read, and a few odd ones (`length` of a text, an array entry). */
const ITEMS = ['nps', 'staff', 'speed', 'grid.a', 'grid.b', 'comment.length', 'grid.0', 'nps.x', 'missing'];
const PAIRS: Array<[string, string, string]> = [
  ['rel', 'ontime', 'expectation'],
  ['rel', 'ontime', 'perception'],
  ['rel', 'right', 'expectation'],
  ['rel', 'right', 'perception'],
  ['ipa', 'ontime', 'importance'],
  ['ipa', 'right', 'performance'],
  ['grid', 'a', 'x'],
];
const r15 = () => 1 + Math.floor(rand() * 5);
const r17 = () => 1 + Math.floor(rand() * 7);

function answers(): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  if (rand() < 0.95) a.nps = Math.floor(rand() * 11);
  if (rand() < 0.9) a.staff = r15();
  if (rand() < 0.8) a.speed = r15();
  if (rand() < 0.7) a.grid = { a: r15(), ...(rand() < 0.7 ? { b: r15() } : {}) };
  if (rand() < 0.8)
    a.rel = {
      ontime: { expectation: r17(), perception: r17() },
      right: { expectation: r17(), perception: r17() },
    };
  if (rand() < 0.8)
    a.ipa = {
      ontime: { importance: r17(), performance: r17() },
      right: { importance: r17(), performance: r17() },
    };
  if (rand() < 0.3) a.comment = 'a comment ✓';
  return a;
}

/** Responses through the batch intake: contacts with attributes, touchpoints, metadata, any millisecond. */
async function respond(surveyId: string, n: number, at?: () => Date) {
  const results = await submitTestResponses(
    db.sql,
    acme.org.id,
    surveyId,
    Array.from({ length: n }, () => ({
      answers: answers(),
      channel: pick(CHANNELS),
      touchpointId: rand() < 0.85 ? pick(tps) : null,
      submittedAt: at ? at() : new Date(START + Math.floor(rand() * SPAN)),
      metadata: rand() < 0.8 ? { device: pick(DEVICES), flags: { beta: rand() < 0.5 } } : {},
      contact: {
        externalId: `c${Math.floor(rand() * 400)}`,
        attributes: {
          plan: pick(PLANS),
          region: pick(REGIONS),
          churned: rand() < 0.3,
          ...(rand() < 0.5 ? { tier: pick(['gold', '']) } : {}),
        },
      },
    })),
  );
  for (const r of results) expect(r.status, JSON.stringify(r)).toBe('created');
}

/**
 * Responses written directly: odd answers (decimals, strings and lists where numbers are expected),
 * equal submission times in both surveys (ties ordered by id), microseconds, and responses without a
 * feedback record.
 */
async function oddRows() {
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: randomUUID(),
    survey_id: i % 3 === 0 ? mirror : survey,
    touchpoint_id: pick(tps),
    channel: pick(CHANNELS),
    answers:
      i % 4 === 0
        ? { nps: pick([7, 0.1, 'ten', 1e-7]), staff: 2.5, grid: [3, 'x', 4], comment: 'ab', speed: { x: 1 } }
        : answers(),
    metadata: i % 5 === 0 ? { device: null } : { device: pick(DEVICES) },
    submitted_at: `2025-03-0${1 + (i % 3)}T10:00:00.00012${i % 2}Z`,
    attributes: { plan: pick(PLANS), seats: pick([1, 1.5, '1.50']) },
    with_record: i % 7 !== 0,
  }));
  await db.sql`
    with input as (
      select * from jsonb_to_recordset(${db.sql.json(rows as never)}::jsonb) as x(id uuid, survey_id uuid, touchpoint_id uuid,
        channel text, answers jsonb, metadata jsonb, submitted_at timestamptz, attributes jsonb, with_record boolean)
    ), r as (
      insert into responses (org_id, id, survey_id, survey_version, touchpoint_id, channel, answers, metadata, submitted_at)
      select ${acme.org.id}, id, survey_id, 1, touchpoint_id, channel, answers, metadata, submitted_at from input
      returning id, survey_id, touchpoint_id, channel, metadata, submitted_at
    )
    insert into feedback (org_id, source, source_id, response_id, survey_id, touchpoint_id, stage_id, journey_id,
      channel, occurred_at, attributes, metadata)
    select ${acme.org.id}, 'survey', r.id::text, r.id, r.survey_id, r.touchpoint_id, t.stage_id, t.journey_id,
      r.channel, r.submitted_at, i.attributes, r.metadata
    from r join input i on i.id = r.id and i.with_record
      join touchpoints t on t.org_id = ${acme.org.id} and t.id = r.touchpoint_id`;
}

const SEGMENTS: Array<[Dimension, () => string]> = [
  ['attr.plan', () => pick(PLANS)],
  ['attr.region', () => pick(REGIONS)],
  ['attr.tier', () => pick(['gold', ''])],
  ['attr.churned', () => pick(['true', 'yes', '0', '1.5'])],
  ['attr.seats', () => pick(['1.50', '1.5', ''])],
  ['meta.device', () => pick([...DEVICES, ''])],
  ['meta.flags', () => pick(['{"beta": true}', '{"beta": false}'])],
  ['attr.never', () => pick(['', 'x'])],
];

function bound(): Date {
  const t = START - 5 * 86_400_000 + Math.floor(rand() * (SPAN + 10 * 86_400_000));
  return new Date(rand() < 0.2 ? Math.floor(t / 86_400_000) * 86_400_000 : t);
}

function randomFilter(): SliceFilter {
  const equals: Array<{ dimension: Dimension; value: string }> = [];
  for (let k = Math.floor(rand() * 3); k > 0; k--) {
    const [dimension, value] = pick(SEGMENTS);
    equals.push({ dimension, value: value() });
  }
  if (rand() < 0.3) equals.push({ dimension: 'channel', value: pick(CHANNELS) });
  if (rand() < 0.25) equals.push({ dimension: 'touchpoint', value: pick(tps).toUpperCase() });
  if (rand() < 0.1) equals.push({ dimension: 'stage', value: pick(stages) });
  if (rand() < 0.1) equals.push({ dimension: 'journey', value: pick(journeys) });
  if (rand() < 0.05) equals.push({ dimension: 'survey', value: pick([survey, mirror]) });
  const a = rand() < 0.6 ? bound() : null;
  const b = rand() < 0.4 ? bound() : null;
  const [from, to] = a && b && a > b ? [b, a] : [a, b];
  return { equals, from: from ?? undefined, to: to ?? undefined };
}

function expectSameTable(stored: AnswerTable, raw: AnswerTable, what: string) {
  expect(stored.length, what).toBe(raw.length);
  for (const id of ITEMS)
    expect(Array.from(stored.item(id)), `${what} ${id}`).toEqual(Array.from(raw.item(id)));
  for (const [q, a, p] of PAIRS)
    expect(Array.from(stored.pair(q, a, p)), `${what} ${q}.${a}.${p}`).toEqual(Array.from(raw.pair(q, a, p)));
  for (const name of ['churned', 'plan', 'seats', 'never'])
    expect(Array.from(stored.attribute(name)), `${what} attr ${name}`).toEqual(
      Array.from(raw.attribute(name)),
    );
  expect(stored.touchpoints(), what).toEqual(raw.touchpoints());
}

/** The store's table (loading or catching up first) equals the SQL one; returns its length. */
async function expectSame(surveyIds: string[], filter: SliceFilter): Promise<number> {
  const what = JSON.stringify(filter);
  const raw = await readSurveyAnswers(db.sql, acme.org.id, surveyIds, filter, {
    engine: 'raw',
    attributes: true,
  });
  const stored = await getStoredAnswers(db.sql, acme.org.id, surveyIds, filter, MAX_RESPONSES, true);
  expect(stored, what).not.toBeNull();
  expectSameTable(stored as AnswerTable, raw, what);
  return raw.length;
}

/** The analyses give the same answer (or the same refusal) from the store as from SQL. */
async function expectSameAnalyses(filter: SliceFilter) {
  const both = async (f: (engine: 'auto' | 'raw') => Promise<unknown>) => {
    const settle = (p: Promise<unknown>) =>
      p.then(
        (v) => ({ v }),
        (e: Error) => ({ e: e.message }),
      );
    const auto = await settle(f('auto'));
    const raw = await settle(f('raw'));
    expect(auto, JSON.stringify(filter)).toEqual(raw);
  };
  const org = acme.org.id;
  await both((engine) => getSurveyDrivers(db.sql, org, { surveyId: survey, outcome: 'nps', filter, engine }));
  await both((engine) =>
    getSurveyDrivers(db.sql, org, {
      surveyId: survey,
      outcome: 'attr.churned',
      missing: 'pairwise',
      filter,
      engine,
    }),
  );
  await both((engine) =>
    getSurveyDrivers(db.sql, org, {
      surveyId: survey,
      outcome: 'nps',
      outcomeAs: 'promoter',
      filter,
      engine,
    }),
  );
  await both((engine) =>
    getExpectationGap(db.sql, org, { surveyId: survey, filter, weightByImportance: true, engine }),
  );
  await both((engine) => getImportancePerformance(db.sql, org, { surveyId: survey, filter, engine }));
  await both((engine) =>
    getDeliveryGap(db.sql, org, { surveyId: survey, filter, byTouchpoint: true, engine }),
  );
  await both((engine) => getDeliveryGap(db.sql, org, { surveyId: survey, filter, engine }));
}

const builds = (s: string) => answerStoreStats().find((x) => x.surveyId === s)?.builds ?? 0;

beforeAll(async () => {
  configureAnswerStore({ enabled: true, maxRows: 1_000_000 });
  db = await createTestDatabase();
  acme = await createTestOrg(db.sql, 'Acme');
  for (const name of ['Buy', 'Return']) {
    const j = await createJourney(db.sql, acme.org.id, { name, stages: ['find', 'pay'] });
    journeys.push(j.id);
    stages.push(...j.stages.map((s) => s.id));
    for (const [k, tp] of ['Checkout', 'Delivery'].entries()) {
      const t = await createTouchpoint(db.sql, acme.org.id, {
        journeyId: j.id,
        name: `${name} ${tp}`,
        stageId: j.stages[k]?.id ?? null,
      });
      tps.push(t.id);
    }
  }
  survey = (
    await createSurvey(db.sql, acme.org.id, { name: 'Visit', touchpointId: tps[0], definition: DEFINITION })
  ).id;
  mirror = (await createSurvey(db.sql, acme.org.id, { name: 'Visit (internal)', definition: DEFINITION })).id;
  await db.sql`update surveys set mirror_of = ${survey} where id = ${mirror}`;
  await respond(survey, 700);
  await respond(mirror, 150);
  await oddRows();
  // Another organisation's answers to a survey of its own never show.
  const other = await createTestOrg(db.sql, 'Other');
  const os = await createSurvey(db.sql, other.org.id, { name: 'Other', definition: DEFINITION });
  await submitTestResponses(db.sql, other.org.id, os.id, [{ answers: { nps: 3 } }]);
});
afterAll(async () => {
  configureAnswerStore(DEFAULT_ANSWER_STORE_SETTINGS);
  await db.drop();
});

describe('survey answer store', () => {
  it('reads exactly what SQL reads for random filter combinations, one survey or with its mirror', async () => {
    expect(await warmAnswerStore(db.sql, acme.org.id, survey)).toBe(true);
    let nonEmpty = 0;
    for (let k = 0; k < 120; k++) if ((await expectSame([survey], randomFilter())) > 0) nonEmpty++;
    expect(nonEmpty).toBeGreaterThan(60);
    for (let k = 0; k < 40; k++) await expectSame([survey, mirror], randomFilter());
    // The newest `limit` responses over both surveys, ties in submission time by id.
    const rows = await getSurveyAnswers(
      db.sql,
      acme.org.id,
      [survey, mirror],
      { to: new Date('2025-03-04') },
      { attributes: true },
    );
    for (const limit of [1, 7, 37]) {
      const stored = await getStoredAnswers(
        db.sql,
        acme.org.id,
        [mirror, survey],
        { to: new Date('2025-03-04') },
        limit,
      );
      expectSameTable(stored as AnswerTable, tableFromRows(rows.slice(0, limit)), `limit ${limit}`);
    }
    for (let k = 0; k < 25; k++) await expectSameAnalyses(k === 0 ? {} : randomFilter());
    expect(builds(survey)).toBe(1);
    expect(builds(mirror)).toBe(1);
  });

  it('sees a response written after it loaded on the next read, without a rebuild', async () => {
    const before = (await readSurveyAnswers(db.sql, acme.org.id, [survey], {})).length;
    await respond(survey, 1, () => new Date());
    // An older submission time than most: it goes in its place, not last.
    await respond(survey, 2, () => new Date(START + SPAN / 2 + 0.5));
    const stored = await getStoredAnswers(db.sql, acme.org.id, [survey], {}, MAX_RESPONSES);
    expect(stored?.length).toBe(before + 3);
    for (let k = 0; k < 20; k++) await expectSame([survey], randomFilter());
    await expectSameAnalyses({});
    expect(builds(survey)).toBe(1);
  });

  it('stops answering after an edit or a delete, and answers again once rebuilt', async () => {
    const [one] = await db.sql<{ id: string }[]>`
      select id from feedback where org_id = ${acme.org.id} and survey_id = ${survey} limit 1`;
    await db.sql`update feedback set attributes = attributes || '{"plan": "edited"}' where id = ${one?.id as string}`;
    // The stale store never answers: SQL does (and the rebuild starts).
    expect(await getStoredAnswers(db.sql, acme.org.id, [survey], {}, MAX_RESPONSES)).toBeNull();
    const plan = { equals: [{ dimension: 'attr.plan' as Dimension, value: 'edited' }] };
    expect((await readSurveyAnswers(db.sql, acme.org.id, [survey], plan)).length).toBe(1);
    expect(await expectSame([survey], plan)).toBe(1);
    expect(builds(survey)).toBe(2);
    // A deleted response (its record goes with it).
    const before = (await readSurveyAnswers(db.sql, acme.org.id, [survey], {}, { engine: 'raw' })).length;
    await db.sql`delete from responses where org_id = ${acme.org.id} and survey_id = ${survey}
      and id in (select id from responses where survey_id = ${survey} order by submitted_at desc limit 3)`;
    expect(await getStoredAnswers(db.sql, acme.org.id, [survey], {}, MAX_RESPONSES)).toBeNull();
    expect(await expectSame([survey], {})).toBe(before - 3);
    for (let k = 0; k < 20; k++) await expectSame([survey, mirror], randomFilter());
    await expectSameAnalyses({});
    expect(builds(survey)).toBe(3);
  });

  it('is left to SQL when switched off or over its row budget', async () => {
    configureAnswerStore({ enabled: false });
    expect(await warmAnswerStore(db.sql, acme.org.id, survey)).toBe(false);
    configureAnswerStore({ enabled: true, maxRows: 10 });
    expect(await warmAnswerStore(db.sql, acme.org.id, survey)).toBe(false);
    expect((await readSurveyAnswers(db.sql, acme.org.id, [survey], {})).length).toBeGreaterThan(10);
    configureAnswerStore({ enabled: true, maxRows: 1_000_000 });
  });
});
