// Initiatives API on a real PostgreSQL: create, list with effect, detail with series, patch, effect,
// milestones and notes, too_early, bad input as problem+json, and tenancy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, createTouchpoint } from '../../src/listen/index.js';
import type { Sql } from '../../src/platform/db/index.js';
import { mulberry32 } from '../../src/shared/random.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestUser, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
const tp: Record<string, string> = {};
const START = '2026-03-02';
const DAY = 86_400_000;

/** 16 weeks of NPS answers around START at three touchpoints; NPS drifts up; checkout gains `lift` after START. */
async function seedFeedback(sql: Sql, orgId: string, lift: number): Promise<void> {
  const u = mulberry32(42);
  const rows: Array<[string, string, number]> = [];
  const start = Date.parse(`${START}T00:00:00Z`);
  for (let i = 0; i < 3000; i++) {
    const day = Math.floor(u() * 16 * 7) - 8 * 7;
    const name = u() < 0.3 ? 'checkout' : u() < 0.5 ? 'delivery' : 'support';
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const latent = 7 + 0.02 * day + (name === 'checkout' && day >= 0 ? lift : 0) + 2 * z;
    const at = new Date(start + day * DAY + Math.floor(u() * DAY)).toISOString();
    rows.push([tp[name] as string, at, Math.max(0, Math.min(10, Math.round(latent)))]);
  }
  await sql`
    insert into feedback (org_id, source, source_id, channel, occurred_at, touchpoint_id, nps)
    select ${orgId}, 'api', 'seed-' || i, 'web', at, touchpoint, nps
    from unnest(${rows.map((r) => r[0])}::uuid[], ${rows.map((r) => r[1])}::timestamptz[], ${rows.map((r) => r[2])}::int[])
      with ordinality as t(touchpoint, at, nps, i)`;
}

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, org: TestOrg = acme) =>
  ctx.app.inject({ method, url, headers: org.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql);
  other = await createTestOrg(ctx.db.sql, 'Other');
  const journey = await createJourney(ctx.db.sql, acme.org.id, { name: 'Buy', stages: ['order', 'after'] });
  for (const name of ['checkout', 'delivery', 'support']) {
    tp[name] = (await createTouchpoint(ctx.db.sql, acme.org.id, { journeyId: journey.id, name })).id;
  }
  await seedFeedback(ctx.db.sql, acme.org.id, 1.5);
});
afterAll(() => ctx.close());

describe('initiatives API', () => {
  let id = '';

  it('creates an initiative with milestones (201)', async () => {
    const owner = await createTestUser(ctx.db.sql, acme.org.id, 'analyst');
    // The team must be one of the organisation's (another's is refused: see the tenant matrix).
    const team = (await api('POST', '/api/v1/teams', { name: 'Checkout squad' })).json();
    const res = await api('POST', '/api/v1/initiatives', {
      title: 'Shorter checkout form',
      ownerId: owner.user.id,
      teamId: team.id,
      hypothesis: 'Fewer fields, fewer abandoned orders and happier buyers',
      metric: 'nps',
      touchpointIds: [tp.checkout],
      themes: ['checkout friction'],
      startedAt: START,
      milestones: [{ title: 'Design review', dueOn: '2026-02-20' }, { title: 'Rollout' }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    id = body.id;
    expect(body.status).toBe('running');
    expect(body.startedAt).toBe(START);
    expect(body.teamId).toBe(team.id);
    expect(body.milestones.map((m: { title: string }) => m.title)).toEqual(['Design review', 'Rollout']);
  });

  it('measures a win against every other touchpoint (DiD), in the list and on its own', async () => {
    const list = await api('GET', '/api/v1/initiatives');
    expect(list.statusCode, list.body).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({
      title: 'Shorter checkout form',
      status: 'running',
      metric: 'nps',
      startedAt: START,
    });
    expect(item.effect.verdict).toBe('win');
    expect(item.effect.method).toBe('did');
    expect(item.effect.ci.low).toBeGreaterThan(0);
    expect(item.effect.p).toBeLessThan(0.05);

    const effect = (await api('GET', `/api/v1/initiatives/${id}/effect`)).json();
    expect(effect.estimate).toBe(item.effect.estimate);
    expect(effect.before.n + effect.after.n + effect.control.before.n + effect.control.after.n).toBe(3000);
    expect(effect.minimumDetectableEffect).toBeGreaterThan(0);
    expect(effect.after.estimate).toBeGreaterThan(effect.before.estimate);
  });

  it('gives the before/after series of treated vs control with the detail', async () => {
    const res = await api('GET', `/api/v1/initiatives/${id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.series).toHaveLength(16);
    expect(body.series[8]).toMatchObject({ period: 0, from: START });
    expect(body.series[0].treated.n).toBeGreaterThan(0);
    expect(body.series[0].control.n).toBeGreaterThan(0);
    expect(body.effect.verdict).toBe('win');
    expect(body.milestones).toHaveLength(2);
  });

  it('uses named control touchpoints when given', async () => {
    const res = await api('PATCH', `/api/v1/initiatives/${id}`, { controlTouchpointIds: [tp.delivery] });
    expect(res.statusCode, res.body).toBe(200);
    const effect = (await api('GET', `/api/v1/initiatives/${id}/effect`)).json();
    const total = effect.control.before.n + effect.control.after.n;
    const all = (
      await ctx.db
        .sql`select count(*)::int as n from feedback where org_id = ${acme.org.id} and touchpoint_id = ${tp.delivery as string}`
    )[0]?.n;
    expect(total).toBe(all);
  });

  it('says too_early with the n still needed when nothing has arrived after the start', async () => {
    const res = await api('POST', '/api/v1/initiatives', {
      title: 'Delivery text alerts',
      metric: 'nps',
      touchpointIds: [tp.delivery],
      startedAt: '2026-06-29',
      minimumEffect: 20,
    });
    expect(res.statusCode, res.body).toBe(201);
    const effect = (await api('GET', `/api/v1/initiatives/${res.json().id}/effect`)).json();
    expect(effect.verdict).toBe('too_early');
    expect(effect.estimate).toBeNull();
    expect(effect.nNeeded).toBeGreaterThan(0);
    expect(effect.after.n).toBe(0);
  });

  it('changes status, end date and milestones, and keeps notes', async () => {
    const patched = await api('PATCH', `/api/v1/initiatives/${id}`, {
      status: 'done',
      endedAt: '2026-04-26',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      status: 'done',
      endedAt: '2026-04-26',
      title: 'Shorter checkout form',
    });
    const detail = (await api('GET', `/api/v1/initiatives/${id}`)).json();
    expect(detail.effect.end).toBe('2026-04-26');
    expect(detail.series.at(-1).from <= '2026-04-26').toBe(true);

    const milestone = detail.milestones[1];
    const done = await api('PATCH', `/api/v1/initiatives/${id}/milestones/${milestone.id}`, { done: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().done).toBe(true);
    const added = await api('POST', `/api/v1/initiatives/${id}/milestones`, {
      title: 'Follow-up survey',
      dueOn: '2026-05-10',
    });
    expect(added.statusCode).toBe(201);
    const note = await api('POST', `/api/v1/initiatives/${id}/notes`, { body: 'Form live on all devices.' });
    expect(note.statusCode).toBe(201);
    const again = (await api('GET', `/api/v1/initiatives/${id}`)).json();
    expect(again.milestones).toHaveLength(3);
    expect(again.notes.map((n: { body: string }) => n.body)).toEqual(['Form live on all devices.']);
  });

  it('answers malformed dates and unknown references with problem+json naming the field', async () => {
    const bad = await api('POST', '/api/v1/initiatives', {
      title: 'x',
      metric: 'nps',
      startedAt: '2026-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().invalid_params).toEqual([{ name: 'startedAt', reason: 'not a date' }]);

    const end = await api('PATCH', `/api/v1/initiatives/${id}`, { endedAt: 'next tuesday' });
    expect(end.statusCode).toBe(400);
    expect(end.json().invalid_params[0].name).toBe('endedAt');

    const unknown = await api('POST', '/api/v1/initiatives', {
      title: 'x',
      metric: 'nps',
      startedAt: START,
      touchpointIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().invalid_params[0].name).toBe('touchpointIds');

    const team = await api('PATCH', `/api/v1/initiatives/${id}`, {
      teamId: '00000000-0000-4000-8000-000000000000',
    });
    expect(team.statusCode).toBe(400);
    expect(team.json().invalid_params).toEqual([{ name: 'teamId', reason: 'unknown team' }]);

    const both = await api('POST', '/api/v1/initiatives', {
      title: 'x',
      metric: 'nps',
      startedAt: START,
      touchpointIds: [tp.checkout],
      controlTouchpointIds: [tp.checkout],
    });
    expect(both.statusCode).toBe(400);
    expect(both.json().invalid_params[0].name).toBe('controlTouchpointIds');

    const metric = await api('POST', '/api/v1/initiatives', {
      title: 'x',
      metric: 'vibes',
      startedAt: START,
    });
    expect(metric.statusCode).toBe(400);
    expect(JSON.stringify(metric.json().invalid_params)).toMatch(/metric/);
  });

  it('keeps initiatives inside their organisation', async () => {
    expect((await api('GET', `/api/v1/initiatives/${id}`, undefined, other)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/initiatives/${id}/effect`, undefined, other)).statusCode).toBe(404);
    expect((await api('PATCH', `/api/v1/initiatives/${id}`, { status: 'stopped' }, other)).statusCode).toBe(
      404,
    );
    expect((await api('GET', '/api/v1/initiatives', undefined, other)).json().items).toEqual([]);
    // Another organisation's touchpoints cannot be targeted.
    const res = await api(
      'POST',
      '/api/v1/initiatives',
      { title: 'x', metric: 'nps', startedAt: START, touchpointIds: [tp.checkout] },
      other,
    );
    expect(res.statusCode).toBe(400);
  });
});
