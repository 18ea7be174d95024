// The audience preview of rules every contact passes (the contacts page's count) comes from the count kept
// by migration 0039's triggers, and a list's from its members, not a scan of contacts: each must give what
// the SQL condition gives, across the ways contacts are written (API upserts, batches, plain inserts,
// attribute updates, erasure) and per organisation; random rule sets, tautologies among them, are checked
// against the SQL condition.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyContactPasses } from '../../src/listen/contacts/every-contact.js';
import {
  foldPiledContactDeltas,
  type SegmentRule,
  segmentCondition,
} from '../../src/listen/contacts/index.js';
import { foldContactDeltas } from '../../src/listen/contacts/queries/contact-totals.js';
import { contactMeets } from '../../src/listen/triggers/queries/decisions.js';
import { mulberry32 } from '../../src/shared/random.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let globex: TestOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
});
afterAll(async () => {
  await ctx.close();
});

const call = (org: TestOrg, method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: org.headers, ...(payload ? { payload: payload as never } : {}) });

const EVERYONE: SegmentRule = {
  any: [
    { field: 'email', op: 'exists' },
    { field: 'email', op: 'not_exists' },
  ],
};

/** The preview the SQL condition gives (the reference). */
async function reference(org: TestOrg, rules: SegmentRule) {
  const sql = ctx.db.sql;
  const where = segmentCondition(sql, rules);
  const [n] = await sql<{ n: number }[]>`
    select count(*)::int as n from contacts c where c.org_id = ${org.org.id} and ${where}`;
  const sample = await sql<{ id: string; email: string | null; externalId: string | null }[]>`
    select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${org.org.id} and ${where}
    order by c.id limit 20`;
  return { count: n!.n, sample };
}

async function preview(org: TestOrg, rules: SegmentRule) {
  const res = await call(org, 'POST', '/api/v1/audiences/preview', { rules });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function expectSame(org: TestOrg, rules: SegmentRule = EVERYONE) {
  expect(await preview(org, rules)).toEqual(await reference(org, rules));
}

const PLANS = ['free', 'pro', 'team'];

describe('the every-contact count', () => {
  it('follows API upserts, batches, plain inserts, updates and erasure, per organisation', async () => {
    await expectSame(acme);
    for (let i = 0; i < 15; i++) {
      const res = await call(acme, 'POST', '/api/v1/contacts', {
        externalId: `a${i}`,
        ...(i % 3 ? { email: `a${i}@acme.test` } : {}),
        attributes: { plan: PLANS[i % 3]!, seats: i },
      });
      expect(res.statusCode).toBeLessThan(300);
    }
    await expectSame(acme);
    const batch = await call(globex, 'POST', '/api/v1/contacts/batch', {
      items: Array.from({ length: 40 }, (_, i) => ({
        externalId: `g${i}`,
        attributes: { plan: PLANS[i % 3]! },
      })),
    });
    expect(batch.statusCode).toBeLessThan(300);
    await expectSame(globex);
    await expectSame(acme);
    // Several organisations in one statement.
    await ctx.db.sql`
      insert into contacts (org_id, external_id, attributes)
      select o, 'p' || k, jsonb_build_object('plan', 'pro') from unnest(${[acme.org.id, globex.org.id]}::uuid[]) o,
        generate_series(1, 25) k`;
    await expectSame(acme);
    await expectSame(globex);
    // Upserting existing contacts changes attributes, not the count.
    await call(acme, 'POST', '/api/v1/contacts', { externalId: 'a1', attributes: { plan: 'team' } });
    await ctx.db.sql`update contacts set name = 'N' where org_id = ${acme.org.id} and external_id like 'p%'`;
    await expectSame(acme);
    // Erasure of one contact, a plain delete of several.
    const [first] = await ctx.db.sql<{ id: string }[]>`
      select id from contacts where org_id = ${acme.org.id} order by id limit 1`;
    expect((await call(acme, 'DELETE', `/api/v1/contacts/${first!.id}`)).statusCode).toBe(204);
    await ctx.db
      .sql`delete from contacts where org_id = ${globex.org.id} and external_id in ('g1', 'g2', 'g3')`;
    await expectSame(acme);
    await expectSame(globex);
    const totals = await ctx.db.sql<{ org_id: string; n: string }[]>`
      select org_id, sum(n)::text as n from contact_deltas where org_id in ${ctx.db.sql([acme.org.id, globex.org.id])}
      group by org_id order by org_id`;
    const counted = await ctx.db.sql<{ org_id: string; n: string }[]>`
      select org_id, count(*)::text as n from contacts where org_id in ${ctx.db.sql([acme.org.id, globex.org.id])}
      group by org_id order by org_id`;
    expect(totals).toEqual(counted);
  });

  it('folds an organisation’s delta rows into one, the count unchanged', async () => {
    for (let i = 0; i < 70; i++)
      await ctx.db.sql`insert into contacts (org_id, external_id) values (${globex.org.id}, ${`f${i}`})`;
    const rows = async () =>
      (
        await ctx.db.sql<{ n: number }[]>`
        select count(*)::int as n from contact_deltas where org_id = ${globex.org.id}`
      )[0]!.n;
    expect(await rows()).toBeGreaterThan(64);
    await expectSame(globex);
    expect(await rows()).toBe(1);
    await expectSame(globex);
    // The worker's sweep folds what no reader read.
    for (let i = 0; i < 70; i++)
      await ctx.db.sql`insert into contacts (org_id, external_id) values (${globex.org.id}, ${`s${i}`})`;
    await ctx.db.sql`delete from contacts where org_id = ${globex.org.id} and external_id in ('s1', 's2')`;
    expect(await rows()).toBeGreaterThan(64);
    expect(await foldPiledContactDeltas(ctx.db.sql)).toBeGreaterThanOrEqual(1);
    expect(await rows()).toBe(1);
    await expectSame(globex);
  });

  it('keeps no delta row of a deleted organisation, nor a folded one', async () => {
    const gone = await createTestOrg(ctx.db.sql, 'Gone');
    for (let i = 0; i < 3; i++)
      await ctx.db.sql`insert into contacts (org_id, external_id) values (${gone.org.id}, ${`x${i}`})`;
    await ctx.db.sql`delete from contacts where org_id = ${gone.org.id} and external_id = 'x0'`;
    const rows = async () =>
      (
        await ctx.db.sql<{ n: number }[]>`
        select count(*)::int as n from contact_deltas where org_id = ${gone.org.id}`
      )[0]!.n;
    expect(await rows()).toBe(4);
    await ctx.db.sql`delete from organisations where id = ${gone.org.id}`;
    expect(await rows()).toBe(0);
    // The worker's sweep, run then, writes none back.
    await foldPiledContactDeltas(ctx.db.sql);
    expect(await rows()).toBe(0);
    // Other organisations keep their count.
    await expectSame(acme);
  });

  it('keeps no delta row of an organisation deleted while its rows were being folded', async () => {
    const gone = await createTestOrg(ctx.db.sql, 'Folded');
    for (let i = 0; i < 3; i++)
      await ctx.db.sql`insert into contacts (org_id, external_id) values (${gone.org.id}, ${`y${i}`})`;
    // A fold in a transaction still open when the organisation is deleted.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let folded = () => {};
    const done = new Promise<void>((resolve) => {
      folded = resolve;
    });
    const fold = ctx.db.sql.begin(async (tx) => {
      await foldContactDeltas(tx as never, gone.org.id);
      folded();
      await held;
    });
    await done;
    const deleted = ctx.db.sql`delete from organisations where id = ${gone.org.id}`.then(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await fold;
    await deleted;
    const [left] = await ctx.db.sql<{ n: number }[]>`
      select count(*)::int as n from contact_deltas where org_id = ${gone.org.id}`;
    expect(left!.n).toBe(0);
  });

  it('answers random rule sets, tautologies among them, as the SQL condition does', async () => {
    await ctx.db.sql`
      update contacts set attributes = attributes - 'plan' where org_id = ${acme.org.id} and external_id like '%3'`;
    const random = mulberry32(39);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const test = (): SegmentRule =>
      pick<SegmentRule>([
        { field: 'email', op: pick(['exists', 'not_exists'] as const) },
        { field: 'name', op: pick(['exists', 'not_exists'] as const) },
        { attribute: 'plan', op: pick(['exists', 'not_exists'] as const) },
        { attribute: 'plan', op: pick(['eq', 'neq'] as const), value: pick(PLANS) },
        { attribute: 'seats', op: 'gt', value: 5 },
      ]);
    const rule = (depth: number): SegmentRule => {
      const r = random();
      if (depth >= 3 || r < 0.35) return test();
      if (r < 0.5) return { not: rule(depth + 1) };
      // Often a test beside its complement, so some sets hold for every contact.
      const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => rule(depth + 1));
      if (random() < 0.5) {
        const t = test();
        parts.push(t, random() < 0.5 ? { not: t } : (flip(t) ?? t));
      }
      return random() < 0.6 ? { any: parts } : { all: parts };
    };
    const flip = (t: SegmentRule): SegmentRule | undefined =>
      'op' in t && (t.op === 'exists' || t.op === 'not_exists')
        ? { ...t, op: t.op === 'exists' ? 'not_exists' : 'exists' }
        : undefined;
    let everyone = 0;
    for (let i = 0; i < 150; i++) {
      const rules = rule(0);
      if (everyContactPasses(rules)) everyone++;
      await expectSame(pick([acme, globex]), rules);
    }
    expect(everyone).toBeGreaterThan(10);
  });

  it('counts a list from its members, as its SQL condition does, after erasure and across organisations', async () => {
    const ids = await ctx.db.sql<{ id: string }[]>`
      select id from contacts where org_id = ${acme.org.id} order by external_id limit 30`;
    const [other] = await ctx.db.sql<{ id: string }[]>`
      select id from contacts where org_id = ${globex.org.id} limit 1`;
    const list = (await call(acme, 'POST', '/api/v1/contact-lists', { name: 'Some' })).json();
    const added = await call(acme, 'POST', `/api/v1/contact-lists/${list.id}/members`, {
      contactIds: [...ids.filter((_, i) => i % 2 === 0).map((r) => r.id), other!.id],
    });
    expect(added.statusCode).toBeLessThan(300);
    const same = async () => {
      const res = await call(acme, 'POST', '/api/v1/audiences/preview', { listId: list.id });
      expect(res.statusCode).toBe(200);
      const sql = ctx.db.sql;
      const where = sql`exists (select 1 from contact_list_members m where m.org_id = c.org_id
        and m.list_id = ${list.id} and m.contact_id = c.id)`;
      const [n] = await sql<{ n: number }[]>`
        select count(*)::int as n from contacts c where c.org_id = ${acme.org.id} and ${where}`;
      const sample = await sql`
        select c.id, c.email, c.external_id as "externalId" from contacts c where c.org_id = ${acme.org.id}
        and ${where} order by c.id limit 20`;
      expect(res.json()).toEqual({ count: n!.n, sample });
      return n!.n;
    };
    expect(await same()).toBe(15);
    expect((await call(acme, 'DELETE', `/api/v1/contacts/${ids[0]!.id}`)).statusCode).toBe(204);
    expect(await same()).toBe(14);
    // Another organisation's list is not found.
    const res = await call(globex, 'POST', '/api/v1/audiences/preview', { listId: list.id });
    expect(res.statusCode).toBe(404);
  });
});

describe('segment conditions', () => {
  it('stay within the organisation when they join tests with any (a trigger rule’s conditions)', async () => {
    const [mine] = await ctx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, name) values (${acme.org.id}, 'own', 'Ann') returning id`;
    await ctx.db
      .sql`insert into contacts (org_id, external_id, name) values (${globex.org.id}, 'theirs', 'Zed')`;
    const rules: SegmentRule = {
      any: [
        { attribute: 'plan', op: 'eq', value: 'enterprise' },
        { field: 'name', op: 'eq', value: 'Zed' },
      ],
    };
    expect(await contactMeets(ctx.db.sql, acme.org.id, mine!.id, rules)).toBe(false);
    const ids = (await preview(acme, rules)).sample.map((c: { id: string }) => c.id);
    expect(ids).toEqual([]);
  });
});
