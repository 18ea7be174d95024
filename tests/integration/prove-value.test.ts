// Value, satisfied defectors, churn risk, revenue at risk and maturity through the API on a real
// database, checked against figures worked out by hand from the data the test writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint, upsertContact } from '../../src/listen/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { recordOutcomes, trainChurnForOrg } from '../../src/prove/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import { summariseProportion } from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let globex: TestOrg;
const DAY = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY);

interface Person {
  id: string;
  nps: number;
  answeredAt: Date;
  churnAt: Date | null;
  orders: Array<{ at: Date; cents: number }>;
  theme: string;
}
const people: Person[] = [];

async function insertFeedback(
  sql: Sql,
  orgId: string,
  p: { contactId: string; nps: number; at: Date; touchpointId: string; theme: string; key: string },
) {
  const negative = p.nps <= 6;
  await sql`
    insert into feedback (org_id, source, source_id, contact_id, touchpoint_id, channel, occurred_at, nps, text, enrichment)
    values (${orgId}, 'api', ${p.key}, ${p.contactId}, ${p.touchpointId}, 'web', ${p.at}, ${p.nps}, 'comment',
      ${sql.json({ themeIds: [p.theme], sentiment: { label: negative ? 'negative' : 'positive', score: 0, sentences: [] } })})`;
}

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
  const sql = ctx.db.sql;
  const orgId = acme.org.id;
  const journey = await createJourney(sql, orgId, { name: 'Orders', stages: ['buy'] });
  const tp = await createTouchpoint(sql, orgId, { journeyId: journey.id, name: 'Delivery', channel: 'web' });
  const rnd = mulberry32(11);
  const outcomes: Parameters<typeof recordOutcomes>[2] = [];
  for (let i = 0; i < 400; i++) {
    const c = await upsertContact(sql, orgId, {
      externalId: `c${i}`,
      attributes: { plan: i % 2 ? 'monthly' : 'yearly' },
    });
    const nps = Math.floor(rnd() * 11);
    const answeredAt = ago(330 - Math.floor(rnd() * 120));
    const monthly = i % 2 === 1;
    const risk = (nps <= 6 ? 0.45 : nps <= 8 ? 0.25 : 0.1) + (monthly ? 0.15 : -0.05);
    // churn happens 30-300 days after the answer, and a few churned before they answered
    const churnAt =
      rnd() < risk
        ? new Date(answeredAt.getTime() + (i % 17 === 0 ? -20 : 30 + Math.floor(rnd() * 270)) * DAY)
        : null;
    const orders: Person['orders'] = [];
    const count = nps >= 9 ? 3 : nps >= 7 ? 2 : 1;
    for (let k = 0; k < count; k++) {
      const at = new Date(answeredAt.getTime() + (k === 0 ? -5 : 10 + 40 * k) * DAY);
      if (churnAt && at > churnAt) continue;
      orders.push({ at, cents: 1000 + Math.floor(rnd() * 9000) });
    }
    const theme = nps <= 6 ? (i % 3 ? 'delivery' : 'price') : i % 4 ? 'staff' : 'delivery';
    people.push({ id: c.id, nps, answeredAt, churnAt, orders, theme });
    await insertFeedback(sql, orgId, {
      contactId: c.id,
      nps,
      at: answeredAt,
      touchpointId: tp.id,
      theme,
      key: `f${i}`,
    });
    if (churnAt)
      outcomes.push({ key: `churn-${i}`, contactId: c.id, kind: 'churn', occurredAt: churnAt.toISOString() });
    for (const [k, o] of orders.entries()) {
      outcomes.push({
        key: `order-${i}-${k}`,
        contactId: c.id,
        kind: 'revenue',
        occurredAt: o.at.toISOString(),
        amount: (o.cents / 100).toFixed(2),
        currency: 'EUR',
      });
    }
  }
  await recordOutcomes(sql, orgId, outcomes);
}, 120_000);
afterAll(() => ctx.close());

const get = (org: TestOrg, url: string) => ctx.app.inject({ url, headers: org.headers });
const category = (nps: number) => (nps >= 9 ? 'promoter' : nps >= 7 ? 'passive' : 'detractor');

describe('value summary', () => {
  it('gives retention and revenue per NPS category in the window after each answer, as worked by hand', async () => {
    const r = await get(acme, '/api/v1/value/summary?metric=nps&outcome=revenue&window=180d');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ metric: 'nps', outcome: 'revenue', window: '180d' });
    for (const cat of ['promoter', 'passive', 'detractor']) {
      const group = people.filter(
        (p) => category(p.nps) === cat && p.answeredAt.getTime() <= now - 180 * DAY,
      );
      const inWindow = (t: Date, p: Person) =>
        t > p.answeredAt && t.getTime() <= p.answeredAt.getTime() + 180 * DAY;
      const retained = group.filter((p) => !(p.churnAt && inWindow(p.churnAt, p))).length;
      const revenue = group.map(
        (p) => p.orders.filter((o) => inWindow(o.at, p)).reduce((s, o) => s + o.cents, 0) / 100,
      );
      const got = body.categories.find((c: { category: string }) => c.category === cat);
      expect(got.n).toBe(group.length);
      expect(got.retention.retained).toBe(retained);
      const ci = summariseProportion({ successes: retained, n: group.length }).ci;
      expect(got.retention.ci.low).toBeCloseTo((ci?.low ?? 0) / 100, 10);
      expect(got.revenue.mean).toBeCloseTo(revenue.reduce((s, x) => s + x, 0) / revenue.length, 9);
      expect(got.revenue.currency).toBe('EUR');
    }
    const d = body.differences.find(
      (x: { a: string; measure: string }) => x.a === 'promoter' && x.measure === 'retention',
    );
    expect(d.b).toBe('detractor');
    expect(d.difference).toBeGreaterThan(0);
    expect(d.method).toBe('two-proportion-z');
  });

  it('never counts an outcome dated before the answer (no look-ahead)', async () => {
    const sql = ctx.db.sql;
    const solo = await createTestOrg(sql, 'Solo');
    const c = await upsertContact(sql, solo.org.id, { externalId: 'x' });
    const journey = await createJourney(sql, solo.org.id, { name: 'J', stages: ['a'] });
    const tp = await createTouchpoint(sql, solo.org.id, { journeyId: journey.id, name: 'T', channel: 'web' });
    await insertFeedback(sql, solo.org.id, {
      contactId: c.id,
      nps: 10,
      at: ago(300),
      touchpointId: tp.id,
      theme: 't',
      key: 'only',
    });
    await recordOutcomes(sql, solo.org.id, [
      { key: 'before-churn', contactId: c.id, kind: 'churn', occurredAt: ago(301).toISOString() },
      {
        key: 'before-order',
        contactId: c.id,
        kind: 'revenue',
        occurredAt: ago(310).toISOString(),
        amount: '99.00',
        currency: 'EUR',
      },
    ]);
    const body = (await get(solo, '/api/v1/value/summary?metric=nps&window=180d')).json();
    const promoter = body.categories[0];
    expect(promoter).toMatchObject({ category: 'promoter', n: 1, retention: { rate: 1, retained: 1 } });
    expect(promoter.revenue.mean).toBe(0);
    // the same events after the answer do count
    await recordOutcomes(sql, solo.org.id, [
      { key: 'after-churn', contactId: c.id, kind: 'churn', occurredAt: ago(250).toISOString() },
      {
        key: 'after-order',
        contactId: c.id,
        kind: 'revenue',
        occurredAt: ago(290).toISOString(),
        amount: '99.00',
        currency: 'EUR',
      },
    ]);
    const after = (await get(solo, '/api/v1/value/summary?metric=nps&window=180d')).json().categories[0];
    expect(after.retention.rate).toBe(0);
    expect(after.revenue.mean).toBe(99);
  });

  it('refuses a bad window with a problem naming it', async () => {
    const r = await get(acme, '/api/v1/value/summary?window=soon');
    expect(r.statusCode).toBe(400);
    expect(r.json().invalid_params[0].name).toBe('window');
  });
});

describe('satisfied defectors', () => {
  it('counts churned customers whose last answer before churning was passive or promoter', async () => {
    const from = ago(400);
    const to = new Date(now + DAY);
    const churned = people.filter(
      (p) => p.churnAt && p.churnAt >= from && p.churnAt < to && p.answeredAt < (p.churnAt as Date),
    );
    const satisfied = churned.filter((p) => p.nps >= 7);
    const r = await get(
      acme,
      `/api/v1/value/satisfied-defectors?from=${from.toISOString()}&to=${to.toISOString()}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.n).toBe(churned.length);
    expect(body.satisfied).toBe(satisfied.length);
    expect(body.share).toBeCloseTo(satisfied.length / churned.length, 12);
    expect(body.ci.low).toBeLessThan(body.share);
    expect(body.unanswered).toBe(people.filter((p) => p.churnAt && p.churnAt < p.answeredAt).length);
    const staff = satisfied.filter((p) => p.theme === 'staff').length;
    expect(body.themes.find((t: { theme: string }) => t.theme === 'staff')).toMatchObject({
      n: staff,
      name: 'Staff',
    });
  });
});

describe('churn risk', () => {
  it('trains on a past cutoff, scores every contact still there, and explains each score', async () => {
    const trained = await trainChurnForOrg(ctx.db.sql, acme.org.id, { horizonDays: 180 });
    expect(trained.report.rows).toBeGreaterThan(200);
    expect(trained.report.cv.auc).toBeGreaterThan(0.5);
    const r = await get(acme, '/api/v1/churn/risk?limit=5');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.model).toMatchObject({
      id: trained.modelId,
      model: trained.report.cv.auc > trained.report.baseline.auc ? 'gbdt' : 'logistic',
      baseline: { model: 'logistic' },
    });
    expect(body.items).toHaveLength(5);
    const probs = body.items.map((i: { probability: number }) => i.probability);
    expect([...probs].sort((a, b) => b - a)).toEqual(probs);
    const stillThere = people.filter((p) => !(p.churnAt && p.churnAt.getTime() <= now)).length;
    expect(body.bands.high + body.bands.medium + body.bands.low).toBe(stillThere);
    const one = await get(acme, `/api/v1/contacts/${body.items[0].contactId}/risk`);
    expect(one.json().risk).toMatchObject({ contactId: body.items[0].contactId, band: body.items[0].band });
    expect(one.json().risk.reasons.length).toBeGreaterThan(0);
    // each reason in words, and all of them in one sentence
    for (const reason of one.json().risk.reasons) expect(reason.text.length).toBeGreaterThan(0);
    expect(one.json().risk.explanation).toContain(one.json().risk.reasons[0].text);
  });

  it('queues a retraining as a background job', async () => {
    const r = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/churn/models',
      headers: acme.headers,
      payload: { horizonDays: 90 },
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toEqual({ queued: true, horizonDays: 90 });
    const [job] = await ctx.db.sql<{ data: { orgId: string; horizonDays: number } }[]>`
      select data from northstar_jobs.job where name = 'prove.churn-train'`;
    expect(job?.data).toEqual({ orgId: acme.org.id, horizonDays: 90 });
  });

  it('attributes revenue at risk without double counting: the parts add up to the total', async () => {
    for (const by of ['theme', 'touchpoint', 'driver']) {
      const r = await get(acme, `/api/v1/value/revenue-at-risk?by=${by}`);
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json();
      expect(body.assumptions.length).toBeGreaterThan(2);
      const sum = body.parts.reduce((s: number, p: { amount: number }) => s + p.amount, 0);
      expect(Math.abs(sum - Number(body.total))).toBeLessThan(0.01 * body.parts.length + 0.01);
      if (body.parts.length)
        expect(body.parts.reduce((s: number, p: { share: number }) => s + p.share, 0)).toBeCloseTo(1, 9);
      // seeded bootstrap intervals around the total and each part, the same on every call
      expect(body.totalCi.low).toBeLessThanOrEqual(Number(body.total));
      expect(body.totalCi.high).toBeGreaterThanOrEqual(Number(body.total));
      for (const p of body.parts as Array<{ amount: number; ci: { low: number; high: number } }>) {
        expect(p.ci.low).toBeLessThanOrEqual(p.amount + 0.01);
        expect(p.ci.high).toBeGreaterThanOrEqual(p.amount - 0.01);
      }
      expect((await get(acme, `/api/v1/value/revenue-at-risk?by=${by}`)).json()).toEqual(body);
      // themes by the names of the taxonomy
      if (by === 'theme')
        expect(body.parts.find((p: { key: string }) => p.key === 'price')?.label).toBe('Price and value');
    }
  });

  it('keeps tenants apart', async () => {
    const risk = (await get(globex, '/api/v1/churn/risk')).json();
    expect(risk.model).toBeNull();
    expect(risk.items).toEqual([]);
    const other = await get(globex, `/api/v1/contacts/${people[0]?.id}/risk`);
    expect(other.statusCode).toBe(404);
    const summary = (await get(globex, '/api/v1/value/summary')).json();
    expect(summary.categories.every((c: { n: number }) => c.n === 0)).toBe(true);
    const defectors = (await get(globex, '/api/v1/value/satisfied-defectors')).json();
    expect(defectors.n).toBe(0);
  });
});

describe('programme maturity', () => {
  it('assesses the stage from evidence and answers, with next steps, the mistakes check and history', async () => {
    const first = await get(acme, '/api/v1/programme/maturity');
    expect(first.statusCode, first.body).toBe(200);
    const a = first.json();
    // every answer is older than 90 days: nothing heard lately, so Ignore, and listening comes first
    expect(a.stage).toEqual({ number: 1, name: 'Ignore', description: expect.any(String) });
    expect(a.nextSteps).toHaveLength(3);
    expect(a.nextSteps[0]).toMatchObject({
      evidence: 'listening',
      forStage: 'Explore',
      link: expect.stringMatching(/^\//),
    });
    expect(a.nextSteps[1]).toMatchObject({ evidence: 'leadership', forStage: 'Mobilise' });
    expect(a.evidence.find((e: { id: string }) => e.id === 'outcomes')).toMatchObject({ met: true });
    expect(a.mistakes.find((m: { id: string }) => m.id === 'financial')).toMatchObject({ atRisk: false });
    expect(a.mistakes.find((m: { id: string }) => m.id === 'strategy')).toMatchObject({ atRisk: true });
    const [tp] = await ctx.db.sql<{ id: string }[]>`select id from touchpoints where org_id = ${acme.org.id}`;
    await insertFeedback(ctx.db.sql, acme.org.id, {
      contactId: people[0]?.id as string,
      nps: 9,
      at: ago(3),
      touchpointId: tp?.id as string,
      theme: 'staff',
      key: 'recent',
    });
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/programme/maturity/questionnaire',
      headers: acme.headers,
      payload: { leadership: true, coalition: true },
    });
    expect(put.statusCode, put.body).toBe(200);
    const b = put.json();
    expect(b.questionnaire.answers).toMatchObject({ leadership: true, coalition: true, incentives: false });
    // journeys mapped, one touchpoint heard, but a single channel: still Explore, channels next
    expect(b.stage.number).toBe(2);
    expect(b.nextSteps[0].evidence).toBe('channels');
    expect(b.history.map((h: { stage: number }) => h.stage)).toEqual([1, 2]);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/programme/maturity/questionnaire',
      headers: acme.headers,
      payload: { leadership: 'very' },
    });
    expect(bad.statusCode).toBe(400);
    const other = (await get(globex, '/api/v1/programme/maturity')).json();
    expect(other.stage.number).toBe(1);
    expect(other.questionnaire.answers.leadership).toBe(false);
  });
});
