// The in-memory contact index (the segment builder's live count) against the SQL condition, the
// reference: random rule sets on attributes holding text, numbers, booleans, nulls, arrays or nothing,
// and on fields' presence, nested with all/any/not, across catch-up (API upserts of new and existing
// contacts, plain updates, erasure and deletes) and per organisation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  configureContactIndex,
  indexedSegmentCount,
} from '../../src/listen/contacts/contact-index-engine.js';
import { type SegmentRule, segmentCondition } from '../../src/listen/contacts/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let globex: TestOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  configureContactIndex({ enabled: true, maxRows: 4_000_000 });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
});
afterAll(async () => {
  await ctx.close();
});

const random = mulberry32(40);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;

const PLANS = ['free', 'pro', 'Pro', 'team', '5', ''];
const NUMBERS = [0, 1, 5, 12, 100, 1.5, -3];
/** Attribute values: strings, numbers (one written 1.50), booleans, json null, arrays; or nothing. */
const attributes = () => {
  const a: Record<string, unknown> = {};
  if (random() < 0.85) a.plan = pick<unknown>([...PLANS, null, 7]);
  if (random() < 0.8) a.seats = pick<unknown>([...NUMBERS, '12', '5', null]);
  if (random() < 0.6) a.vip = pick<unknown>([true, false, 'true', null]);
  if (random() < 0.5) a.tags = pick<unknown>([['a', 'b'], ['b'], [5], 'a', []]);
  return a;
};

/** The SQL condition's count and first 20 by id (the reference: the preview before the index). */
async function reference(org: TestOrg, rules: SegmentRule) {
  const sql = ctx.db.sql;
  const where = segmentCondition(sql, rules);
  const [n] = await sql<{ n: number }[]>`
    select count(*)::int as n from contacts c where c.org_id = ${org.org.id} and ${where}`;
  const sample = await sql<{ id: string; email: string | null; externalId: string | null }[]>`
    select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${org.org.id}
    and ${where} order by c.id limit 20`;
  return { count: n!.n, sample };
}

const test = (): SegmentRule =>
  pick<() => SegmentRule>([
    () => ({
      field: pick(['email', 'name', 'externalId'] as const),
      op: pick(['exists', 'not_exists'] as const),
    }),
    () => ({
      attribute: pick(['plan', 'seats', 'vip', 'tags', 'other']),
      op: pick(['exists', 'not_exists'] as const),
    }),
    () => ({
      attribute: 'plan',
      op: pick(['eq', 'neq', 'gt', 'lte'] as const),
      value: pick<string | number>([...PLANS, 7]),
    }),
    () => ({ attribute: 'plan', op: 'in', value: [pick(PLANS), pick(PLANS), 7] }),
    () => ({
      attribute: 'plan',
      op: pick(['contains', 'ends_with'] as const),
      value: pick(['ro', 'PRO', 'e', '5']),
    }),
    () => ({
      attribute: 'seats',
      op: pick(['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const),
      value: pick<string | number>([...NUMBERS, '12']),
    }),
    () => ({
      attribute: 'vip',
      op: pick(['eq', 'neq'] as const),
      value: pick<boolean | string>([true, false, 'true']),
    }),
    () => ({ attribute: 'tags', op: 'contains', value: pick<string | number>(['a', 'b', 5]) }),
  ])();
const rule = (depth: number): SegmentRule => {
  const r = random();
  if (depth >= 3 || r < 0.35) return test();
  if (r < 0.5) return { not: rule(depth + 1) };
  const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => rule(depth + 1));
  return random() < 0.5 ? { any: parts } : { all: parts };
};

async function expectSame(org: TestOrg, rules: SegmentRule): Promise<void> {
  const counted = await indexedSegmentCount(ctx.db.sql, org.org.id, rules, true);
  const ref = await reference(org, rules);
  expect(counted, JSON.stringify(rules)).toBe(ref.count);
  // The preview (the index current now): the same count and the same first 20.
  const res = await call(org, 'POST', '/api/v1/audiences/preview', { rules });
  expect(res.statusCode).toBe(200);
  expect(res.json(), JSON.stringify(rules)).toEqual(ref);
}

const call = (org: TestOrg, method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: org.headers, ...(payload ? { payload: payload as never } : {}) });

let inserted = 0;
async function insertContacts(org: TestOrg, n: number, prefix: string): Promise<void> {
  for (let k = 0; k < n; k++) {
    const i = inserted++;
    await ctx.db.sql`
      insert into contacts (org_id, external_id, email, name, attributes)
      values (${org.org.id}, ${random() < 0.9 ? `${prefix}${i}` : null},
        ${random() < 0.7 ? `${prefix}${i}@x.test` : null}, ${random() < 0.4 ? 'N' : null},
        ${ctx.db.sql.json(attributes() as never)})`;
  }
}

describe('the contact index', () => {
  it('counts random rule sets as the SQL condition does, across catch-up and per organisation', async () => {
    await insertContacts(acme, 150, 'a');
    await insertContacts(globex, 80, 'g');
    const phases: Array<() => Promise<void>> = [
      // Inserts in both organisations.
      async () => {
        await insertContacts(acme, 40, 'b');
        await insertContacts(globex, 40, 'h');
      },
      // API upserts: new contacts, and existing ones whose attributes change.
      async () => {
        // (The API's contact shape holds no arrays or nulls: those of the contacts upserted go first.)
        await ctx.db.sql`update contacts set attributes = jsonb_strip_nulls(attributes - 'tags')
          where org_id = ${acme.org.id} and external_id like 'a%'`;
        for (let i = 0; i < 20; i++) {
          const res = await call(acme, 'POST', '/api/v1/contacts', {
            externalId: i % 2 ? `a${i}` : `api${i}`,
            attributes: { plan: pick(['pro', 'team', 'new-plan']), seats: pick([1, 12, 100, 999]) },
          });
          expect(res.statusCode).toBeLessThan(300);
        }
      },
      // Plain updates: attributes removed, emails cleared, names set.
      async () => {
        await ctx.db.sql`update contacts set attributes = attributes - 'plan', email = null
          where org_id = ${acme.org.id} and external_id like 'a%3'`;
        await ctx.db.sql`update contacts set name = 'M', attributes = attributes || '{"vip": true}'
          where org_id = ${globex.org.id} and external_id like 'g%2'`;
      },
      // Erasure through the API, and a plain delete.
      async () => {
        const [first] = await ctx.db.sql<{ id: string }[]>`
          select id from contacts where org_id = ${acme.org.id} order by id limit 1`;
        expect((await call(acme, 'DELETE', `/api/v1/contacts/${first!.id}`)).statusCode).toBe(204);
        await ctx.db.sql`delete from contacts where org_id = ${globex.org.id} and external_id like 'h1%'`;
        await insertContacts(acme, 10, 'c');
      },
    ];
    for (let i = 0; i < 150; i++) {
      if (i % 30 === 29) await phases[Math.floor(i / 30) % phases.length]!();
      await expectSame(pick([acme, globex]), rule(0));
    }
  });

  it('moves a contact’s change stamp only when what the index reads changes', async () => {
    const [c] = await ctx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, email, attributes)
      values (${acme.org.id}, 'stamp-1', 'stamp-1@x.test', '{"plan": "pro"}') returning id`;
    const stamp = async () =>
      (await ctx.db.sql<{ x: string }[]>`select changed_xid::text as x from contacts where id = ${c!.id}`)[0]!
        .x;
    let last = await stamp();
    const expectMoved = async (moved: boolean) => {
      const now = await stamp();
      if (moved) expect(now).not.toBe(last);
      else expect(now).toBe(last);
      last = now;
    };
    // What intake's upsert of a returning contact with nothing new writes: the stamp stays.
    await ctx.db.sql`update contacts set updated_at = now(), consent = consent || '{"email": true}',
      attributes = attributes || '{"plan": "pro"}', email = coalesce(null, email) where id = ${c!.id}`;
    await expectMoved(false);
    for (const change of [
      ctx.db.sql`update contacts set attributes = attributes || '{"plan": "team"}' where id = ${c!.id}`,
      ctx.db.sql`update contacts set email = null where id = ${c!.id}`,
      ctx.db.sql`update contacts set external_id = 'stamp-2' where id = ${c!.id}`,
      ctx.db.sql`update contacts set name = 'S' where id = ${c!.id}`,
    ]) {
      await change;
      await expectMoved(true);
    }
  });

  it('catches up with contacts written by a transaction in progress when the index was last read', async () => {
    const plan: SegmentRule = { attribute: 'plan', op: 'eq', value: 'late' };
    await insertContacts(globex, 5, 'lt-');
    await expectSame(globex, plan);
    // A transaction changes a contact and stays open while others commit and the index catches up (an
    // update: an insert would also move the kept count, and a count above the index's reloads it).
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = () => {};
    const inside = new Promise<void>((resolve) => {
      written = resolve;
    });
    const open = ctx.db.sql.begin(async (tx) => {
      await tx`update contacts set attributes = '{"plan": "late"}'
        where org_id = ${globex.org.id} and external_id like 'lt-%'`;
      written();
      await held;
    });
    await inside;
    await ctx.db.sql`insert into contacts (org_id, external_id, attributes)
      values (${globex.org.id}, 'late-2', '{"plan": "late"}')`;
    await ctx.db.sql`update contacts set attributes = '{"plan": "late"}'
      where org_id = ${globex.org.id} and external_id like 'g1%'`;
    await expectSame(globex, plan);
    release();
    await open;
    // Committed now: read by the next catch-up (its transaction was in progress in the last snapshot).
    await expectSame(globex, plan);
    await expectSame(globex, { not: plan });
  });

  it('leaves tests on a field’s value to SQL, and answers the preview as the SQL path does', async () => {
    expect(
      await indexedSegmentCount(
        ctx.db.sql,
        acme.org.id,
        { field: 'email', op: 'ends_with', value: '.test' },
        true,
      ),
    ).toBeNull();
    const rules: SegmentRule = {
      all: [
        { attribute: 'seats', op: 'gt', value: 4 },
        { field: 'email', op: 'exists' },
      ],
    };
    const res = await call(acme, 'POST', '/api/v1/audiences/preview', { rules });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(await reference(acme, rules));
  });
});
