// Key drivers across touchpoints, per contact: each contact's mean score at each touchpoint explains a
// contact attribute (churn) or the contact's NPS in a relationship survey. Checked against the pure
// analysis on the matrix built by hand from the same answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createSurvey, createTouchpoint, upsertContact } from '../../src/listen/index.js';
import { mulberry32 as prng } from '../../src/shared/random.js';
import { analyseDrivers } from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, submitTestResponses, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
const tp: Record<'delivery' | 'support' | 'renewal', string> = { delivery: '', support: '', renewal: '' };
let relationship = '';
// What each contact said, by hand: NaN where the contact never met the touchpoint.
const rows: Array<{ delivery: number; support: number; deliveryNps: number; churned: number; nps: number }> =
  [];

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  const orgId = acme.org.id;
  const journey = await createJourney(ctx.db.sql, orgId, { name: 'Orders', stages: ['deliver', 'renew'] });
  for (const name of ['delivery', 'support', 'renewal'] as const) {
    tp[name] = (
      await createTouchpoint(ctx.db.sql, orgId, { journeyId: journey.id, name, channel: 'web' })
    ).id;
  }
  const csatNps = (title: string) => ({
    title: { en: title },
    questions: [
      { id: 'csat', type: 'csat', text: { en: 'Satisfied?' } },
      { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
    ],
  });
  const delivery = await createSurvey(ctx.db.sql, orgId, {
    name: 'Delivery',
    touchpointId: tp.delivery,
    definition: csatNps('Delivery'),
  });
  const support = await createSurvey(ctx.db.sql, orgId, {
    name: 'Support',
    touchpointId: tp.support,
    definition: csatNps('Support'),
  });
  relationship = (
    await createSurvey(ctx.db.sql, orgId, {
      name: 'Relationship',
      touchpointId: tp.renewal,
      definition: {
        title: { en: 'Relationship' },
        questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend?' } }],
      },
    })
  ).id;

  const rand = prng(7);
  const answers: Record<
    'delivery' | 'support' | 'relationship',
    Array<{ answers: Record<string, unknown>; channel: string; contact: { id: string } }>
  > = {
    delivery: [],
    support: [],
    relationship: [],
  };
  for (let i = 0; i < 80; i++) {
    const d = 1 + Math.floor(rand() * 5);
    const s = i % 4 === 3 ? Number.NaN : 1 + Math.floor(rand() * 5);
    const dNps = Math.min(10, Math.max(0, 2 * d + Math.floor(rand() * 3) - 1));
    // Churn follows delivery far more than support.
    const churned = d + (Number.isNaN(s) ? 3 : s) / 4 + rand() * 1.5 < 3.2 ? 1 : 0;
    const nps = Math.min(10, Math.max(0, Math.round(1.5 * d + (Number.isNaN(s) ? 0 : 0.4 * s) + rand() * 3)));
    rows.push({ delivery: d, support: s, deliveryNps: dNps, churned, nps });
    const contact = await upsertContact(ctx.db.sql, orgId, {
      externalId: `c-${i}`,
      attributes: { churned },
    });
    const who = { id: contact.id };
    answers.delivery.push({ answers: { csat: d, nps: dNps }, channel: 'web', contact: who });
    if (!Number.isNaN(s)) answers.support.push({ answers: { csat: s }, channel: 'web', contact: who });
    answers.relationship.push({ answers: { nps }, channel: 'email', contact: who });
  }
  await submitTestResponses(ctx.db.sql, orgId, delivery.id, answers.delivery);
  await submitTestResponses(ctx.db.sql, orgId, support.id, answers.support);
  await submitTestResponses(ctx.db.sql, orgId, relationship, answers.relationship);
});
afterAll(() => ctx.close());

const get = async (query: string) => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/analytics/drivers?source=touchpoints&${query}`,
    headers: acme.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('key drivers across touchpoints', () => {
  it('explain churn per contact as the pure pairwise analysis does, delivery first and negative', async () => {
    const r = await get('metric=csat&outcome=attr.churned');
    // Columns in touchpoint id order, as the service builds them.
    const ids = [tp.delivery, tp.support].sort();
    const col = (id: string) => Float64Array.from(rows, (x) => (id === tp.delivery ? x.delivery : x.support));
    const ref = analyseDrivers(
      Float64Array.from(rows, (x) => x.churned),
      ids.map((id) => ({ name: id, values: col(id) })),
      { missing: 'pairwise' },
    );
    expect(r.source).toBe('touchpoints');
    expect(r.outcome).toMatchObject({ id: 'attr.churned', kind: 'binary' });
    expect(r.missing).toBe('pairwise');
    expect(r.r2).toBeCloseTo(ref.r2, 10);
    for (const d of r.drivers as Array<{ id: string; shapley: number; sign: number; n: number }>) {
      const k = ids.indexOf(d.id);
      expect(d.shapley).toBeCloseTo(ref.drivers[k]?.shapley as number, 10);
      expect(d.sign).toBe(ref.drivers[k]?.sign);
    }
    // Drivers come in a fixed order (touchpoint id); delivery explains most of it, and the better the
    // delivery the less churn.
    const delivery = r.drivers.find((d: { id: string }) => d.id === tp.delivery);
    const support = r.drivers.find((d: { id: string }) => d.id === tp.support);
    expect(delivery).toMatchObject({ label: 'delivery', sign: -1, n: 80 });
    expect(delivery.share).toBeGreaterThan(0.8);
    expect(support).toMatchObject({ label: 'support', n: 60 });
  });

  it('explain the NPS of a relationship survey without counting that survey as its own driver', async () => {
    const r = await get(`metric=nps&outcome=survey:${relationship}`);
    expect(r.outcome).toMatchObject({ id: `survey:${relationship}`, kind: 'numeric' });
    // Only the delivery survey asked NPS at a touchpoint: the relationship survey's own answers at the
    // renewal touchpoint would explain it perfectly.
    expect(r.drivers.map((d: { id: string }) => d.id)).toEqual([tp.delivery]);
    const ref = analyseDrivers(
      Float64Array.from(rows, (x) => x.nps),
      [{ name: tp.delivery, values: Float64Array.from(rows, (x) => x.deliveryNps) }],
      { missing: 'pairwise' },
    );
    expect(r.r2).toBeCloseTo(ref.r2, 10);
    expect(r.r2).toBeLessThan(0.99);
  });

  it('names the outcome it cannot read', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/analytics/drivers?source=touchpoints&metric=csat&outcome=churned',
      headers: acme.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params).toEqual([
      { name: 'query.outcome', reason: 'with source=touchpoints: attr.<name> or survey:<survey id>' },
    ]);
  });
});
