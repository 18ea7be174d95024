// Initiatives measured on a theme's share of comments (lower is better) and on the case recovery rate,
// on a real PostgreSQL: balanced weekly data make the DiD estimate the plain difference of differences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint } from '../../src/listen/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
const tp: Record<string, string> = {};
const START = '2026-03-02';
const DAY = 86_400_000;
const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({ method, url, headers: acme.headers, ...(payload ? { payload } : {}) });

/** For each week from -8 to 3 and each touchpoint, `perWeek` units; `hit(tp, week, i)` says which count. */
function plan(perWeek: number, hit: (name: string, week: number, i: number) => boolean) {
  const rows: Array<{ name: string; at: string; hit: boolean }> = [];
  for (let week = -8; week < 4; week++) {
    for (const name of ['app', 'web']) {
      for (let i = 0; i < perWeek; i++) {
        const at = new Date(Date.parse(`${START}T00:00:00Z`) + week * 7 * DAY + (i % 7) * DAY + 3_600_000);
        rows.push({ name, at: at.toISOString(), hit: hit(name, week, i) });
      }
    }
  }
  return rows;
}

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql);
  const journey = await createJourney(ctx.db.sql, acme.org.id, { name: 'Buy', stages: ['order'] });
  for (const name of ['app', 'web']) {
    tp[name] = (await createTouchpoint(ctx.db.sql, acme.org.id, { journeyId: journey.id, name })).id;
  }
  const sql = ctx.db.sql;
  // Comments: 40% mention delivery everywhere, until the app's fix brings it to 10% there.
  const comments = plan(40, (name, week, i) => i % 10 < (name === 'app' && week >= 0 ? 1 : 4));
  await sql`
    insert into feedback (org_id, source, source_id, channel, occurred_at, touchpoint_id, nps, text, enrichment)
    select ${acme.org.id}, 'api', 'c-' || i, 'web', at, touchpoint, 5, 'a comment',
      jsonb_build_object('themeIds', case when hit = 1 then '["delivery"]'::jsonb else '["price"]'::jsonb end)
    from unnest(${comments.map((r) => tp[r.name]!)}::uuid[], ${comments.map((r) => r.at)}::timestamptz[],
      ${comments.map((r) => (r.hit ? 1 : 0))}::int[]) with ordinality as t(touchpoint, at, hit, i)`;
  // Detractor cases answered the recovery question: 30% recovered, 70% at the app after the start.
  const cases = plan(40, (name, week, i) => i % 10 < (name === 'app' && week >= 0 ? 7 : 3));
  await sql`
    with f as (
      insert into feedback (org_id, source, source_id, channel, occurred_at, touchpoint_id, nps)
      select ${acme.org.id}, 'api', 'k-' || i, 'web', at, touchpoint, 2
      from unnest(${cases.map((r) => tp[r.name]!)}::uuid[], ${cases.map((r) => r.at)}::timestamptz[])
        with ordinality as t(touchpoint, at, i)
      returning id, touchpoint_id, occurred_at, source_id
    )
    insert into cases (org_id, feedback_id, touchpoint_id, priority, sla_hours, due_at, nps, status,
      recovery_asked_at, recovery_score, created_at)
    select ${acme.org.id}, f.id, f.touchpoint_id, 'high', 24, f.occurred_at + interval '1 day', 2, 'closed',
      f.occurred_at + interval '2 days', case when h.hit = 1 then 9 else 4 end, f.occurred_at
    from f join unnest(${cases.map((_, i) => `k-${i + 1}`)}::text[], ${cases.map((r) => (r.hit ? 1 : 0))}::int[])
      as h(source_id, hit) on h.source_id = f.source_id`;
}, 60_000);
afterAll(() => ctx.close());

describe('initiative metrics beyond scores', () => {
  it("measures a theme's share of comments, where lower is better", async () => {
    const missing = await api('POST', '/api/v1/initiatives', {
      title: 'Delivery promise in the app',
      metric: 'theme_share',
      touchpointIds: [tp.app!],
      startedAt: START,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().invalid_params).toEqual([
      { name: 'themes', reason: 'required with metric theme_share' },
    ]);
    const res = await api('POST', '/api/v1/initiatives', {
      title: 'Delivery promise in the app',
      metric: 'theme_share',
      themes: ['delivery'],
      touchpointIds: [tp.app!],
      controlTouchpointIds: [tp.web!],
      startedAt: START,
      endedAt: '2026-03-29',
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = (await api('GET', `/api/v1/initiatives/${res.json().id}/effect`)).json();
    expect(e).toMatchObject({ metric: 'theme_share', unit: 'percent', method: 'did', verdict: 'win' });
    expect(e.before).toMatchObject({ n: 320, estimate: 40 });
    expect(e.after).toMatchObject({ n: 160, estimate: 10 });
    expect(e.estimate).toBeCloseTo(-30, 9);
    expect(e.ci.high).toBeLessThan(0);
  });

  it('measures the case recovery rate', async () => {
    const res = await api('POST', '/api/v1/initiatives', {
      title: 'Call back within the hour',
      metric: 'recovery_rate',
      touchpointIds: [tp.app!],
      controlTouchpointIds: [tp.web!],
      startedAt: START,
      endedAt: '2026-03-29',
    });
    expect(res.statusCode, res.body).toBe(201);
    const e = (await api('GET', `/api/v1/initiatives/${res.json().id}/effect`)).json();
    expect(e).toMatchObject({ metric: 'recovery_rate', unit: 'percent', method: 'did', verdict: 'win' });
    expect(e.before).toMatchObject({ n: 320, estimate: 30 });
    expect(e.after).toMatchObject({ n: 160, estimate: 70 });
    expect(e.control.after).toMatchObject({ n: 160, estimate: 30 });
    expect(e.estimate).toBeCloseTo(40, 9);
    expect(e.ci.low).toBeGreaterThan(0);
  });
});
