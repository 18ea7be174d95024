// Scores, slices, comparisons and top movers over the API, checked against the reference values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint } from '../../src/listen/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { adjustBh, compareNps, summariseMean } from '../../src/understand/stats/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, insertFeedback, type TestOrg } from '../support/factories.js';

type Row = {
  at: string;
  nps?: number;
  csat?: number;
  ces?: number;
  rating?: number;
  channel?: string;
  touchpoint?: string;
  attrs?: Record<string, string>;
  meta?: Record<string, string>;
};

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let tpA: string;
let tpB: string;
const CES_A = [7, 6, 6, 5, 7, 4, 6, 5, 7, 3, 6, 6];
const CES_B = [5, 5, 4, 6, 3, 5, 4, 6, 5, 4];

async function insert(sql: Sql, orgId: string, rows: Row[]) {
  await insertFeedback(
    sql,
    orgId,
    rows.map((r) => ({
      channel: r.channel ?? 'web',
      touchpointId: r.touchpoint ?? null,
      occurredAt: r.at,
      nps: r.nps ?? null,
      csat: r.csat ?? null,
      ces: r.ces ?? null,
      rating: r.rating ?? null,
      ratingScale: r.rating === undefined ? null : 5,
      attributes: r.attrs ?? {},
      metadata: r.meta ?? {},
    })),
  );
}

/** n rows of an NPS mix on a day. */
function npsRows(at: string, p: number, pa: number, d: number, extra: Partial<Row> = {}): Row[] {
  return [
    ...Array.from({ length: p }, (_, k) => ({ at, nps: 9 + (k % 2), ...extra })),
    ...Array.from({ length: pa }, (_, k) => ({ at, nps: 7 + (k % 2), ...extra })),
    ...Array.from({ length: d }, (_, k) => ({ at, nps: k % 7, ...extra })),
  ];
}

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  const j = await createJourney(ctx.db.sql, acme.org.id, { name: 'Buy', stages: ['pay'] });
  tpA = (await createTouchpoint(ctx.db.sql, acme.org.id, { journeyId: j.id, name: 'Checkout' })).id;
  tpB = (await createTouchpoint(ctx.db.sql, acme.org.id, { journeyId: j.id, name: 'Delivery' })).id;
  const rows: Row[] = [
    // February 2025: NPS B = 60/30/30; March 2025 (first 28 days): NPS A = 40/30/30 (../shared/docs/METHODS.md §11)
    ...npsRows('2025-02-10T10:00:00Z', 60, 30, 30, { touchpoint: tpA, attrs: { tier: 'gold' } }),
    ...npsRows('2025-03-10T10:00:00Z', 40, 30, 30, { touchpoint: tpA, attrs: { tier: 'silver' } }),
    // Delivery: steady 50/25/25 in both months, so it does not move
    ...npsRows('2025-02-12T10:00:00Z', 50, 25, 25, { touchpoint: tpB, meta: { device: 'mobile' } }),
    ...npsRows('2025-03-12T10:00:00Z', 50, 25, 25, { touchpoint: tpB, meta: { device: 'mobile' } }),
    // CSAT 45/60 on web vs 60/100 on email
    ...Array.from({ length: 60 }, (_, k) => ({
      at: '2025-04-02T09:00:00Z',
      csat: k < 45 ? 4 + (k % 2) : 1 + (k % 3),
    })),
    ...Array.from({ length: 100 }, (_, k) => ({
      at: '2025-04-03T09:00:00Z',
      channel: 'email',
      csat: k < 60 ? 4 + (k % 2) : 1 + (k % 3),
    })),
    // CES samples for two teams
    ...CES_A.map((ces) => ({ at: '2025-04-05T09:00:00Z', ces, attrs: { team: 'alpha' } })),
    ...CES_B.map((ces) => ({ at: '2025-04-05T09:00:00Z', ces, attrs: { team: 'beta' } })),
    // Ratings on a 1-5 scale, stored 0..1
    ...[5, 4, 4, 3, 5, 2].map((r) => ({ at: '2025-04-06T09:00:00Z', rating: (r - 1) / 4 })),
  ];
  await insert(ctx.db.sql, acme.org.id, rows);
  // The other organisation: same days, attributes and channels; must never be counted.
  await insert(ctx.db.sql, other.org.id, [
    ...npsRows('2025-03-10T10:00:00Z', 0, 0, 200, { attrs: { tier: 'silver' } }),
    ...Array.from({ length: 50 }, () => ({ at: '2025-04-02T09:00:00Z', csat: 1 })),
  ]);
});
afterAll(() => ctx.close());

const get = async (url: string, org: TestOrg = acme) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: org.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const bad = async (url: string) => {
  const res = await ctx.app.inject({ method: 'GET', url, headers: acme.headers });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json().invalid_params.map((p: { name: string }) => p.name);
};

describe('extended score summary', () => {
  it('gives CSAT mean, CES 5-7 share, rating mean and top box, NPS shares, and keeps the old fields', async () => {
    const csat = await get('/api/v1/scores?metric=csat&channel=web');
    const webValues = Array.from({ length: 60 }, (_, k) => (k < 45 ? 4 + (k % 2) : 1 + (k % 3)));
    const ref = summariseMean({
      n: 60,
      sum: webValues.reduce((a, b) => a + b, 0),
      sumSquares: webValues.reduce((a, b) => a + b * b, 0),
    });
    expect(csat.overall.score).toBeCloseTo(75, 10);
    expect(csat.overall.mean.score).toBeCloseTo(ref.mean as number, 10);
    expect(csat.overall.mean.ci.low).toBeCloseTo(ref.ci?.low as number, 10);
    const ces = await get('/api/v1/scores?metric=ces&attr.team=alpha');
    expect(ces.overall.score).toBeCloseTo(5.6667, 4);
    expect(ces.overall.ci.low).toBeCloseTo(4.8846, 4);
    expect(ces.overall.topBox.score).toBeCloseTo((100 * 10) / 12, 10);
    const rating = await get('/api/v1/scores?metric=rating');
    expect(rating.overall.n).toBe(6);
    expect(rating.overall.score).toBeCloseTo((100 * (4 + 3 + 3 + 2 + 4 + 1)) / 4 / 6, 10);
    expect(rating.overall.topBox.score).toBeCloseTo((100 * 2) / 6, 10);
    const nps = await get(`/api/v1/scores?metric=nps&to=2025-03-01&groupBy=attr.tier&touchpoint=${tpA}`);
    expect(nps.overall).toMatchObject({ n: 120, breakdown: { promoters: 60, passives: 30, detractors: 30 } });
    expect(nps.overall.shares.promoters).toBeCloseTo(50, 10);
    expect(nps.minN).toBe(30);
    expect(nps.buckets[0].group).toEqual({ id: 'gold', name: 'gold' });
  });

  it('filters on response metadata and answers the same from the rollup and the scan', async () => {
    const meta = await get('/api/v1/scores?metric=nps&meta.device=mobile&engine=raw');
    expect(meta.overall.n).toBe(200);
    expect(meta.engine).toBe('raw');
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/analytics/settings',
      headers: acme.headers,
      payload: { dimensions: ['meta.device', 'attr.tier'], timeZones: ['Europe/Paris'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    const badZone = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/analytics/settings',
      headers: acme.headers,
      payload: { timeZones: ['Mars/Olympus'] },
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().invalid_params[0].name).toBe('body.timeZones.0');
    const settings = await get('/api/v1/analytics/settings');
    expect(settings).toEqual({ timeZones: ['Europe/Paris'], dimensions: ['meta.device', 'attr.tier'] });
    const rolled = await get(
      '/api/v1/scores?metric=nps&meta.device=mobile&interval=month&tz=Europe/Paris&engine=rollup',
    );
    const raw = await get(
      '/api/v1/scores?metric=nps&meta.device=mobile&interval=month&tz=Europe/Paris&engine=raw',
    );
    expect(rolled.engine).toBe('rollup');
    expect(rolled.buckets).toEqual(raw.buckets);
    expect(await bad('/api/v1/scores?metric=nps&attr.tier=gold&meta.device=mobile&engine=rollup')).toEqual([
      'query.engine',
    ]);
  });
});

describe('slice', () => {
  it('cross-tabulates touchpoint x attribute per month', async () => {
    const r = await get(
      '/api/v1/analytics/slice?metric=nps&interval=month&by=touchpoint,attr.tier&to=2025-04-01',
    );
    const feb = r.buckets.find(
      (b: { period: string; groups: Array<{ id: string }> }) =>
        b.period === '2025-02-01' && b.groups[0]?.id === tpA,
    );
    expect(feb.groups).toEqual([
      { dimension: 'touchpoint', id: tpA, name: 'Checkout' },
      { dimension: 'attr.tier', id: 'gold', name: 'gold' },
    ]);
    expect(feb.breakdown).toEqual({ promoters: 60, passives: 30, detractors: 30 });
    expect(r.overall.n).toBe(420);
    expect(await bad('/api/v1/analytics/slice?metric=nps&by=touchpoint,colour')).toEqual(['query.by']);
  });
});

describe('comparisons', () => {
  it('this period vs the previous one matches the adjusted-Wald reference (../shared/docs/METHODS.md §11)', async () => {
    const r = await get(
      `/api/v1/analytics/compare?metric=nps&mode=previous&from=2025-03-01&to=2025-03-29&touchpoint=${tpA}`,
    );
    expect(r.periods.b).toEqual({ from: '2025-02-01T00:00:00.000Z', to: '2025-03-01T00:00:00.000Z' });
    const c = r.comparisons[0];
    expect(c.difference).toBeCloseTo(-15, 10);
    expect(c.statistic).toBeCloseTo(-1.3285, 4);
    expect(c.p).toBeCloseTo(0.184, 3);
    expect(c.significant).toBe(false);
    expect(c.a.breakdown).toEqual({ promoters: 40, passives: 30, detractors: 30 });
  });

  it('A vs B on any filter: two-proportion z for CSAT, Welch t for CES', async () => {
    const csat = await get('/api/v1/analytics/compare?metric=csat&mode=ab&a.channel=web&b.channel=email');
    expect(csat.comparisons[0].statistic).toBeCloseTo(1.934, 3);
    expect(csat.comparisons[0].p).toBeCloseTo(0.0531, 4);
    expect(csat.comparisons[0].difference).toBeCloseTo(15, 10);
    const ces = await get('/api/v1/analytics/compare?metric=ces&mode=ab&a.attr.team=alpha&b.attr.team=beta');
    expect(ces.comparisons[0].statistic).toBeCloseTo(2.0787, 4);
    expect(ces.comparisons[0].df).toBeCloseTo(19.91, 2);
    expect(ces.comparisons[0].p).toBeCloseTo(0.0508, 4);
  });

  it('each segment vs the rest with Benjamini-Hochberg and an explicit significant flag', async () => {
    const r = await get('/api/v1/analytics/compare?metric=nps&mode=segments&by=touchpoint&to=2025-04-01');
    expect(r.tested).toBe(2);
    const ps = r.comparisons.map((c: { p: number }) => c.p);
    expect(r.comparisons.map((c: { pAdjusted: number }) => c.pAdjusted)).toEqual(adjustBh(ps));
    const checkout = r.comparisons.find((c: { group: { id: string } }) => c.group.id === tpA);
    const ref = compareNps(
      { promoters: 100, passives: 60, detractors: 60 },
      { promoters: 100, passives: 50, detractors: 50 },
    );
    expect(checkout.p).toBeCloseTo(ref.p as number, 12);
    expect(checkout.significant).toBe(checkout.pAdjusted <= 0.05);
  });

  it('names the parameter at fault', async () => {
    expect(await bad('/api/v1/analytics/compare?metric=nps&mode=segments')).toEqual(['query.by']);
    expect(await bad('/api/v1/analytics/compare?metric=nps&mode=previous&from=2025-03-01')).toEqual([
      'query.to',
    ]);
    expect(await bad('/api/v1/analytics/compare?metric=nps&mode=ab&a.touchpoint=nope')).toEqual([
      'query.a.touchpoint',
    ]);
    expect(await bad('/api/v1/analytics/compare?metric=nps&mode=ab')).toEqual(['query.a']);
    expect(await bad('/api/v1/analytics/compare?metric=nps&mode=segments&by=colour')).toEqual(['query.by']);
    expect(
      await bad(
        '/api/v1/analytics/compare?metric=nps&mode=previous&from=2025-03-01&to=2025-03-29&colour=red',
      ),
    ).toEqual(['query.colour']);
    expect(
      await bad('/api/v1/analytics/compare?metric=nps&mode=previous&from=2025-03-29&to=2025-03-01'),
    ).toEqual(['query.to']);
    expect(await bad('/api/v1/analytics/compare?metric=loyalty&mode=ab')).toEqual(['query.metric']);
  });
});

describe('top movers', () => {
  it('lists only significant moves, largest first', async () => {
    // Checkout: 40/30/30 in March vs 60/30/30 in February is not significant; make a real drop in April.
    await insert(ctx.db.sql, acme.org.id, npsRows('2025-04-10T10:00:00Z', 10, 20, 90, { touchpoint: tpA }));
    await insert(ctx.db.sql, acme.org.id, npsRows('2025-04-11T10:00:00Z', 50, 25, 25, { touchpoint: tpB }));
    const r = await get('/api/v1/analytics/movers?metric=nps&by=touchpoint&from=2025-04-01&to=2025-04-29');
    expect(r.tested).toBe(2);
    expect(r.movers).toHaveLength(1);
    expect(r.movers[0].group).toEqual({ id: tpA, name: 'Checkout' });
    expect(r.movers[0].difference).toBeLessThan(-40);
    expect(r.movers[0].significant).toBe(true);
    expect(await bad('/api/v1/analytics/movers?metric=nps&from=2025-04-01&to=2025-04-29')).toEqual([
      'query.by',
    ]);
  });

  it("never counts another organisation's feedback", async () => {
    const theirs = await get('/api/v1/scores?metric=nps&attr.tier=silver', other);
    expect(theirs.overall.n).toBe(200);
    const ours = await get('/api/v1/scores?metric=nps&attr.tier=silver');
    expect(ours.overall.n).toBe(100);
    const csat = await get('/api/v1/analytics/compare?metric=csat&mode=ab&a.channel=web&b.channel=email');
    expect(csat.comparisons[0].a.n).toBe(60);
  });
});
