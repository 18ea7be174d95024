// The organisation, random records and random filters of the tests of key drivers across touchpoints
// from the columnar index against the SQL reads: a journey of five touchpoints with CSAT surveys, a
// relationship NPS at renewal, a mirror survey, 160 contacts (some with a `churned` attribute), and
// records drawn with a seeded generator. Registers its own beforeAll/afterAll (the index switched on with
// small blocks, then back to its defaults).
import { afterAll, beforeAll, expect } from 'vitest';
import { createJourney, createSurvey, createTouchpoint } from '../../src/listen/index.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import { getTouchpointDrivers } from '../../src/understand/index.js';
import {
  columnarIndexStats,
  configureColumnarIndex,
  DEFAULT_COLUMNAR_SETTINGS,
  type Dimension,
  type SliceFilter,
} from '../../src/understand/sums/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { createTestOrg, type FeedbackRow, insertFeedback, type TestOrg } from './factories.js';

export type TouchpointQuery = Parameters<typeof getTouchpointDrivers>[2];

/** Equal, numbers to 1e-9 relative (per-contact sums in another order differ in the last digits). */
export function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1e-12);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => close((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

/** A survey of one question (a touchpoint's CSAT, a relationship NPS) at a touchpoint: its id. */
export async function oneQuestionSurvey(
  sql: TestDatabase['sql'],
  orgId: string,
  name: string,
  touchpointId: string,
  type: 'csat' | 'nps',
): Promise<string> {
  const s = await createSurvey(sql, orgId, {
    name,
    touchpointId,
    definition: { title: { en: name }, questions: [{ id: type, type, text: { en: `${name}?` } }] },
  });
  return s.id;
}

export function touchpointDriversFixture(opts: {
  seed: number;
  /** Records inserted before the tests. */
  rows: number;
  /** Records before this time (ms) have no comment. */
  commentsFrom?: number;
}) {
  const rand = prng(opts.seed);
  const _rows = opts.rows;
  const commentsFrom = opts.commentsFrom ?? Number.NEGATIVE_INFINITY;

  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const maybe = <T>(p: number, v: () => T): T | null => (rand() < p ? v() : null);

  let db: TestDatabase;
  let acme: TestOrg;
  const tps: string[] = [];
  const surveys: string[] = [];
  const stages: string[] = [];
  let journey = '';
  let relationship = '';
  let renewal = '';
  let contacts: string[] = [];
  const PLANS = ['basic', 'pro'];
  const REGIONS = ['north', 'south'];
  const CHANNELS = ['web', 'email', 'app'];
  const START = Date.UTC(2024, 0, 1);
  const SPAN = 400 * 86_400_000;

  /** Records of a contact's journey: answers at touchpoints (CSAT, CES, a rating) and, often, a relationship NPS. */
  function randomRows(n: number): FeedbackRow[] {
    return Array.from({ length: n }, () => {
      const contactId = maybe(0.92, () => pick(contacts));
      const at = START + Math.floor(rand() * SPAN);
      const base = {
        channel: pick(CHANNELS),
        occurredAt: new Date(at).toISOString(),
        contactId,
        journeyId: maybe(0.95, () => journey),
        text: at < commentsFrom ? null : maybe(0.3, () => 'a comment'),
        attributes: { plan: pick(PLANS), region: pick(REGIONS) },
        metadata: rand() < 0.8 ? { device: pick(['mobile', 'desktop']) } : {},
      };
      if (rand() < 0.25)
        return {
          ...base,
          surveyId: relationship,
          touchpointId: renewal,
          stageId: stages[1] ?? null,
          nps: Math.floor(rand() * 11),
        };
      const t = Math.floor(rand() * tps.length);
      return {
        ...base,
        surveyId: surveys[t] ?? null,
        touchpointId: maybe(0.97, () => tps[t] as string),
        stageId: stages[t % 2] ?? null,
        nps: maybe(0.2, () => Math.floor(rand() * 11)),
        csat: maybe(0.9, () => 1 + Math.floor(rand() * 5)),
        ces: maybe(0.5, () => 1 + Math.floor(rand() * 7)),
        rating: maybe(0.4, () => pick([0, 0.25, 0.5, 0.75, 1])),
        ratingScale: 5,
      };
    });
  }

  /** A random filter of the dashboard: dates (any millisecond), channel, entities, attributes, metadata. */
  function randomFilter(): SliceFilter {
    const equals: Array<{ dimension: Dimension; value: string }> = [];
    if (rand() < 0.3) equals.push({ dimension: 'channel', value: pick(CHANNELS) });
    if (rand() < 0.3) equals.push({ dimension: 'attr.plan', value: pick(PLANS) });
    if (rand() < 0.2) equals.push({ dimension: 'attr.region', value: pick(REGIONS) });
    if (rand() < 0.2) equals.push({ dimension: 'meta.device', value: pick(['mobile', 'desktop', 'tablet']) });
    if (rand() < 0.3) equals.push({ dimension: 'journey', value: journey.toUpperCase() });
    if (rand() < 0.1) equals.push({ dimension: 'stage', value: pick(stages) });
    if (rand() < 0.05) equals.push({ dimension: 'touchpoint', value: pick(tps) });
    const a = maybe(0.4, () => START + Math.floor(rand() * SPAN));
    const b = maybe(0.3, () => START + Math.floor(rand() * SPAN));
    const [from, to] = a !== null && b !== null && a > b ? [b, a] : [a, b];
    return {
      equals,
      from: from === null ? undefined : new Date(from),
      to: to === null ? undefined : new Date(to),
      hasText: maybe(0.1, () => rand() < 0.5) ?? undefined,
    };
  }

  /** The answer, or the refusal's message and fields. */
  async function settle(q: TouchpointQuery, engine: 'raw' | 'index'): Promise<unknown> {
    try {
      return await getTouchpointDrivers(db.sql, acme.org.id, q, engine);
    } catch (e) {
      return { refused: (e as Error).message, fields: (e as { fields?: unknown }).fields };
    }
  }

  async function expectSame(q: TouchpointQuery): Promise<unknown> {
    const { engine: rawEngine, ...raw } = (await settle(q, 'raw')) as { engine?: string };
    const { engine: indexEngine, ...index } = (await settle(q, 'index')) as { engine?: string };
    // An answer says where its sums came from (a refusal says nothing).
    if (!('refused' in raw)) expect([rawEngine, indexEngine]).toEqual(['raw', 'index']);
    expect(
      close(index, raw),
      `${JSON.stringify(q)}\nindex ${JSON.stringify(index)}\nraw ${JSON.stringify(raw)}`,
    ).toBe(true);
    return raw;
  }

  const builds = () => columnarIndexStats().find((s) => s.orgId === acme.org.id)?.builds ?? 0;
  const unfiltered = (): TouchpointQuery => ({
    metric: 'csat',
    outcome: { surveyId: relationship },
    filter: {},
  });

  beforeAll(async () => {
    configureColumnarIndex({ enabled: true, maxRows: 1_000_000, blockRows: 64 });
    db = await createTestDatabase();
    acme = await createTestOrg(db.sql, 'Acme');
    const orgId = acme.org.id;
    const j = await createJourney(db.sql, orgId, { name: 'Life', stages: ['use', 'renew'] });
    journey = j.id;
    stages.push(...j.stages.map((s) => s.id));
    for (const name of ['Onboarding', 'Billing', 'Support', 'Delivery', 'App']) {
      const tp = await createTouchpoint(db.sql, orgId, { journeyId: j.id, name, stageId: stages[0] ?? null });
      tps.push(tp.id);
      surveys.push(await oneQuestionSurvey(db.sql, orgId, name, tp.id, 'csat'));
    }
    renewal = (await createTouchpoint(db.sql, orgId, { journeyId: j.id, name: 'Renewal' })).id;
    relationship = await oneQuestionSurvey(db.sql, orgId, 'Relationship', renewal, 'nps');
    // The last touchpoint's survey is a mirror (internal answers): never a driver.
    const mirror = await oneQuestionSurvey(db.sql, orgId, 'Mirror', tps[0] as string, 'csat');
    await db.sql`update surveys set mirror_of = ${surveys[0] as string} where id = ${mirror}`;
    surveys.push(mirror);
    const rows = await db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, attributes)
      select ${orgId}, 'c-' || g, case when g % 7 = 0 then '{}'::jsonb
        else jsonb_build_object('churned', case when g % 3 = 0 then 'yes' when g % 11 = 0 then 'maybe' else 'false' end) end
      from generate_series(1, 160) g returning id`;
    contacts = rows.map((r) => r.id);
    await insertFeedback(db.sql, orgId, randomRows(opts.rows));
  });
  afterAll(async () => {
    configureColumnarIndex(DEFAULT_COLUMNAR_SETTINGS);
    await db.drop();
  });
  return {
    rand,
    pick,
    maybe,
    randomRows,
    randomFilter,
    settle,
    expectSame,
    builds,
    unfiltered,
    PLANS,
    REGIONS,
    CHANNELS,
    START,
    SPAN,
    get db() {
      return db;
    },
    get acme() {
      return acme;
    },
    get journey() {
      return journey;
    },
    get relationship() {
      return relationship;
    },
    get renewal() {
      return renewal;
    },
    get contacts() {
      return contacts;
    },
    /** Contacts made by a test, drawn by the records generated after. */
    addContacts(ids: string[]) {
      contacts = [...contacts, ...ids];
    },
    tps,
    surveys,
    stages,
  };
}
