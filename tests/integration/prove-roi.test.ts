// Return on initiatives through the API on a real database: the cost an owner enters (exact minor units,
// bad input as problem+json), and the value of a measured win from the passive - detractor revenue
// difference, checked against figures worked out from the data the test writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint, upsertContact } from '../../src/listen/index.js';
import { recordOutcomes } from '../../src/prove/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
const DAY = 86_400_000;
const Z = 1.959963984540054;
const tp: Record<string, string> = {};
// answers 420-300 days ago, so the 180-day window after each has passed; the initiative starts 360 days ago
const startMs = Math.floor((Date.now() - 360 * DAY) / DAY) * DAY;
const START = new Date(startMs).toISOString().slice(0, 10);
const contacts: string[] = [];
const rows: Array<{ touchpoint: string; at: number; nps: number; contact: string }> = [];
const amounts = { passive: [] as number[], detractor: [] as number[] };

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, org: TestOrg = acme) =>
  ctx.app.inject({ method, url, headers: org.headers, ...(payload ? { payload } : {}) });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  const sql = ctx.db.sql;
  const orgId = acme.org.id;
  const journey = await createJourney(sql, orgId, { name: 'Buy', stages: ['order'] });
  for (const name of ['checkout', 'delivery', 'support'])
    tp[name] = (await createTouchpoint(sql, orgId, { journeyId: journey.id, name })).id;
  for (let i = 0; i < 300; i++) contacts.push((await upsertContact(sql, orgId, { externalId: `c${i}` })).id);
  const u = mulberry32(7);
  for (let i = 0; i < 3000; i++) {
    const day = Math.floor(u() * 120) - 60;
    const name = u() < 0.35 ? 'checkout' : u() < 0.5 ? 'delivery' : 'support';
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    // checkout answers gain 2 points on the latent scale from the start: a win
    const latent = 6.5 + (name === 'checkout' && day >= 0 ? 2 : 0) + 2 * z;
    const nps = Math.max(0, Math.min(10, Math.round(latent)));
    rows.push({
      touchpoint: name,
      at: startMs + day * DAY + Math.floor(u() * DAY),
      nps,
      contact: contacts[i % 300] as string,
    });
  }
  await sql`
    insert into feedback (org_id, source, source_id, channel, occurred_at, touchpoint_id, contact_id, nps)
    select ${orgId}, 'api', 'seed-' || i, 'web', at, touchpoint, contact, nps
    from unnest(${rows.map((r) => tp[r.touchpoint] as string)}::uuid[], ${rows.map((r) => new Date(r.at).toISOString())}::timestamptz[],
      ${rows.map((r) => r.contact)}::uuid[], ${rows.map((r) => r.nps)}::int[])
      with ordinality as t(touchpoint, at, contact, nps, i)`;
  // one order 10 days after each contact's latest answer: passives spend 90 or 110, detractors 30 or 50
  const outcomes: Parameters<typeof recordOutcomes>[2] = [];
  contacts.forEach((id, k) => {
    const last = rows.filter((r) => r.contact === id).sort((a, b) => b.at - a.at)[0];
    if (!last) return;
    const group = last.nps >= 9 ? 'promoter' : last.nps >= 7 ? 'passive' : 'detractor';
    const amount = group === 'promoter' ? 150 : group === 'passive' ? 90 + 20 * (k % 2) : 30 + 20 * (k % 2);
    if (group !== 'promoter') amounts[group].push(amount);
    outcomes.push({
      key: `order-${k}`,
      contactId: id,
      kind: 'order',
      occurredAt: new Date(last.at + 10 * DAY).toISOString(),
      amount: amount.toFixed(2),
      currency: 'EUR',
    });
  });
  await recordOutcomes(sql, orgId, outcomes);
}, 120_000);
afterAll(() => ctx.close());

describe('initiative cost', () => {
  it('is stored exactly in minor units, changed and cleared by PATCH', async () => {
    const made = await api('POST', '/api/v1/initiatives', {
      title: 'Cost only',
      metric: 'nps',
      touchpointIds: [tp.support],
      startedAt: START,
      cost: { amount: '1234.56', currency: 'EUR' },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().cost).toEqual({ amount: '1234.56', amountMinor: '123456', currency: 'EUR' });
    const id = made.json().id;
    const yen = await api('PATCH', `/api/v1/initiatives/${id}`, { cost: { amount: 5000, currency: 'JPY' } });
    expect(yen.json().cost).toEqual({ amount: '5000', amountMinor: '5000', currency: 'JPY' });
    // a patch of other fields keeps the cost
    const renamed = await api('PATCH', `/api/v1/initiatives/${id}`, { title: 'Renamed' });
    expect(renamed.json().cost).toEqual({ amount: '5000', amountMinor: '5000', currency: 'JPY' });
    const cleared = await api('PATCH', `/api/v1/initiatives/${id}`, { cost: null });
    expect(cleared.json().cost).toBeNull();
  });

  it.each([
    [{ amount: 'twelve', currency: 'EUR' }, 'cost.amount'],
    [{ amount: '10.001', currency: 'EUR' }, 'cost.amount'],
    [{ amount: '-5', currency: 'EUR' }, 'cost.amount'],
    [{ amount: '10', currency: 'EU1' }, 'cost.currency'],
  ])('refuses %j naming %s, and changes nothing', async (cost, field) => {
    const made = await api('POST', '/api/v1/initiatives', {
      title: 'Bad cost',
      metric: 'nps',
      startedAt: START,
      cost: { amount: '1', currency: 'EUR' },
    });
    const id = made.json().id;
    const r = await api('PATCH', `/api/v1/initiatives/${id}`, { cost, title: 'Changed' });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(r.json())).toContain(field);
    const after = await api('GET', `/api/v1/initiatives/${id}`);
    expect(after.json()).toMatchObject({ title: 'Bad cost', cost: { amountMinor: '100', currency: 'EUR' } });
  });
});

describe('initiative return', () => {
  it('values a measured win by the passive - detractor difference, against the cost, with intervals', async () => {
    const made = await api('POST', '/api/v1/initiatives', {
      title: 'Checkout redesign',
      metric: 'nps',
      touchpointIds: [tp.checkout],
      startedAt: START,
      cost: { amount: '1500.00', currency: 'EUR' },
    });
    const id = made.json().id;
    const effect = (await api('GET', `/api/v1/initiatives/${id}/effect`)).json();
    expect(effect.verdict).toBe('win');
    const r = await api('GET', `/api/v1/initiatives/${id}/roi`);
    expect(r.statusCode, r.body).toBe(200);
    const roi = r.json();
    expect(roi).toMatchObject({ available: true, verdict: 'win', move: 'detractor → passive', gap: 100 });
    expect(roi.currency).toBe('EUR');
    expect(roi.window).toBe('180d');
    // the difference is that of the amounts written above, by each contact's latest answer
    const d = mean(amounts.passive) - mean(amounts.detractor);
    expect(roi.difference.estimate).toBeCloseTo(d, 9);
    expect(roi.difference.low).toBeLessThan(d);
    expect(roi.difference.high).toBeGreaterThan(d);
    const reached = new Set(
      rows.filter((x) => x.touchpoint === 'checkout' && x.at >= startMs).map((x) => x.contact),
    );
    expect(roi.customers).toBe(reached.size);
    expect(roi.effect).toEqual({
      estimate: effect.estimate,
      low: effect.ci.low,
      high: effect.ci.high,
    });
    const value = (reached.size * effect.estimate * d) / 100;
    expect(roi.value.estimate).toBeCloseTo(value, 6);
    // delta method: Goodman's variance of a product of independent estimates
    const seE = (effect.ci.high - effect.ci.low) / (2 * Z);
    const seD = (roi.difference.high - roi.difference.low) / (2 * Z);
    const se =
      (reached.size / 100) *
      Math.sqrt(d ** 2 * seE ** 2 + effect.estimate ** 2 * seD ** 2 + seE ** 2 * seD ** 2);
    expect(roi.value.low).toBeCloseTo(value - Z * se, 6);
    expect(roi.value.high).toBeCloseTo(value + Z * se, 6);
    expect(roi.cost).toEqual({ amount: '1500.00', currency: 'EUR' });
    expect(roi.net.estimate).toBeCloseTo(value - 1500, 6);
    expect(roi.roi.estimate).toBeCloseTo((value - 1500) / 1500, 9);
    expect(roi.roi.low).toBeCloseTo((value - Z * se - 1500) / 1500, 9);
    expect(roi.valuePerPoint.estimate).toBeCloseTo(d / 100, 9);
    expect(roi.method.join(' ')).toMatch(/delta method/);

    // the list on /value carries the same figures
    const list = (await api('GET', '/api/v1/value/initiatives')).json();
    expect(list.items.find((i: { initiativeId: string }) => i.initiativeId === id)).toEqual(roi);
  });

  it('claims no value for a change that is not a win, nor across currencies without a rate', async () => {
    const flat = await api('POST', '/api/v1/initiatives', {
      title: 'Support script',
      metric: 'nps',
      touchpointIds: [tp.support],
      startedAt: START,
    });
    const r = (await api('GET', `/api/v1/initiatives/${flat.json().id}/roi`)).json();
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/not measured as a win/);
    expect(r.value).toBeNull();
    expect(r.roi).toBeNull();

    const dollars = await api('POST', '/api/v1/initiatives', {
      title: 'Checkout in dollars',
      metric: 'nps',
      touchpointIds: [tp.checkout],
      startedAt: START,
      cost: { amount: '900', currency: 'USD' },
    });
    const u = (await api('GET', `/api/v1/initiatives/${dollars.json().id}/roi`)).json();
    expect(u.available).toBe(false);
    expect(u.reason).toMatch(/USD.*EUR.*exchange rate/);
    expect(u.roi).toBeNull();
  });

  it('is not found from another organisation', async () => {
    const mine = (await api('GET', '/api/v1/initiatives')).json().items[0];
    const r = await api('GET', `/api/v1/initiatives/${mine.id}/roi`, undefined, other);
    expect(r.statusCode).toBe(404);
  });
});
