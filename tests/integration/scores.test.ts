import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/platform/db/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg, insertFeedback as writeFeedback } from '../support/factories.js';

// Reference values: ../shared/docs/METHODS.md §11 (computed with scipy/statsmodels, adjusted-Wald per MeasuringU).
const NPS_A = { promoters: 40, passives: 30, detractors: 30, low: -6.27, high: 25.69 };
const CES = [7, 6, 6, 5, 7, 4, 6, 5, 7, 3, 6, 6];

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;

async function insertFeedback(
  sql: Sql,
  orgId: string,
  rows: Array<{ at: string; nps?: number; csat?: number; ces?: number; attrs?: object }>,
) {
  await writeFeedback(
    sql,
    orgId,
    rows.map((r) => ({
      occurredAt: r.at,
      nps: r.nps,
      csat: r.csat,
      ces: r.ces,
      attributes: (r.attrs ?? {}) as Record<string, unknown>,
    })),
  );
}

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql);
  const rows: Parameters<typeof insertFeedback>[2] = [];
  // March 2025: 40 promoters, 30 passives, 30 detractors (enterprise: the detractors)
  for (let k = 0; k < NPS_A.promoters; k++)
    rows.push({ at: '2025-03-10T12:00:00Z', nps: 9 + (k % 2), attrs: { segment: 'consumer' } });
  for (let k = 0; k < NPS_A.passives; k++)
    rows.push({ at: '2025-03-11T12:00:00Z', nps: 7 + (k % 2), attrs: { segment: 'consumer' } });
  for (let k = 0; k < NPS_A.detractors; k++)
    rows.push({ at: '2025-03-12T12:00:00Z', nps: k % 7, attrs: { segment: 'enterprise' } });
  // CSAT 45 of 60 top-2-box; CES sample
  for (let k = 0; k < 60; k++)
    rows.push({ at: '2025-03-15T12:00:00Z', csat: k < 45 ? 4 + (k % 2) : 1 + (k % 3) });
  for (const v of CES) rows.push({ at: '2025-03-16T12:00:00Z', ces: v });
  // One late-evening UTC record that is already April in Paris
  rows.push({ at: '2025-03-31T23:30:00Z', nps: 10 });
  await insertFeedback(ctx.db.sql, acme.org.id, rows);
});
afterAll(() => ctx.close());

const get = async (qs: string) => {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/scores?${qs}`, headers: acme.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('score summary', () => {
  it('gives NPS with its adjusted-Wald interval, matching the reference values', async () => {
    const r = await get('metric=nps&to=2025-03-31T00:00:00Z');
    expect(r.overall.n).toBe(100);
    expect(r.overall.score).toBeCloseTo(10, 10);
    expect(r.overall.ci.low).toBeCloseTo(NPS_A.low, 2);
    expect(r.overall.ci.high).toBeCloseTo(NPS_A.high, 2);
    expect(r.overall.breakdown).toEqual({ promoters: 40, passives: 30, detractors: 30 });
    expect(r.overall.method).toBe('adjusted-wald');
  });

  it('gives CSAT top-2-box with a Wilson interval and CES with a t interval', async () => {
    const csat = await get('metric=csat');
    expect(csat.overall.n).toBe(60);
    expect(csat.overall.score).toBeCloseTo(75, 10);
    expect(csat.overall.ci.low).toBeCloseTo(62.77, 2);
    expect(csat.overall.ci.high).toBeCloseTo(84.22, 2);
    const ces = await get('metric=ces');
    expect(ces.overall.score).toBeCloseTo(5.6667, 4);
    expect(ces.overall.ci.low).toBeCloseTo(4.8846, 4);
    expect(ces.overall.ci.high).toBeCloseTo(6.4488, 4);
    expect(ces.overall.lowN).toBe(true);
  });

  it('buckets by month in the requested time zone', async () => {
    const utc = await get('metric=nps&interval=month');
    expect(utc.buckets.map((b: { period: string; n: number }) => [b.period, b.n])).toEqual([
      ['2025-03-01', 101],
    ]);
    const paris = await get('metric=nps&interval=month&tz=Europe/Paris');
    expect(paris.buckets.map((b: { period: string; n: number }) => [b.period, b.n])).toEqual([
      ['2025-03-01', 100],
      ['2025-04-01', 1],
    ]);
    expect(paris.overall.n).toBe(101);
  });

  it('filters on contact attributes and rejects unknown parameters', async () => {
    const ent = await get('metric=nps&attr.segment=enterprise');
    expect(ent.overall).toMatchObject({ n: 30, score: -100 });
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/scores?metric=nps&segment=x',
      headers: acme.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().invalid_params[0].name).toBe('query.segment');
    const tz = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/scores?metric=nps&tz=Mars/Olympus',
      headers: acme.headers,
    });
    expect(tz.json().invalid_params[0].name).toBe('query.tz');
  });

  it('returns n = 0 with no score rather than a made-up number', async () => {
    const r = await get('metric=nps&from=2030-01-01');
    expect(r.overall).toMatchObject({ n: 0, score: null, ci: null });
    expect(r.buckets).toEqual([]);
  });
});

describe('score overview', () => {
  it('answers in one request what GET /api/v1/scores answers for each metric and view', async () => {
    const range = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z&tz=Europe%2FParis';
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/scores/overview?interval=week&${range}`,
      headers: acme.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const overview = res.json();
    for (const metric of ['nps', 'csat', 'ces'] as const) {
      expect(overview.trend[metric]).toEqual(await get(`metric=${metric}&interval=week&${range}`));
    }
    for (const metric of ['nps', 'csat', 'ces', 'rating'] as const) {
      expect(overview.byTouchpoint[metric]).toEqual(
        await get(`metric=${metric}&groupBy=touchpoint&${range}`),
      );
    }
    // March (UTC bounds): 40 + 1 promoters, 30 passives, 30 detractors.
    expect(overview.trend.nps.overall.n).toBe(101);
    expect(overview.trend.nps.overall.score).toBeCloseTo((100 * (41 - 30)) / 101, 9);
  });

  it('names a bad interval', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/scores/overview?interval=fortnight',
      headers: acme.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params.map((p: { name: string }) => p.name)).toContain('query.interval');
  });
});
