import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
});
afterAll(() => ctx.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...acme.headers, ...headers },
    payload: payload as never,
  });
const count = async (table: 'responses' | 'feedback' | 'contacts') =>
  (await ctx.db.sql.unsafe(`select count(*)::int as n from ${table} where org_id = $1`, [acme.org.id]))[0]!
    .n as number;

describe('batch responses', () => {
  it('stores the valid items, reports each invalid one by index and field, and is safe to retry', async () => {
    const items = [
      { answers: { nps: 10, reason: 'Great' }, contact: { externalId: 'b-1', attributes: { plan: 'pro' } } },
      { answers: { nps: 11 } },
      { answers: { nps: 4 }, contact: { externalId: 'b-2', email: 'b2@example.com' } },
      { answers: { nps: 'x' }, channel: 'carrier-pigeon' },
      { answers: { nps: 7 }, idempotencyKey: 'own-key' },
      { answers: { nps: 7 }, idempotencyKey: 'own-key' },
      { answers: { nps: 5 }, contact: { externalId: 'b-1', attributes: { plan: 'pro' } } },
    ];
    const url = `/api/v1/surveys/${fixture.survey.id}/responses/batch`;
    const res = await post(url, { items }, { 'idempotency-key': 'batch-1' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toEqual({ created: 4, duplicate: 1, invalid: 2 });
    expect(body.results[1]).toMatchObject({ index: 1, status: 'invalid', errors: [{ name: 'answers.nps' }] });
    expect(body.results[3].status).toBe('invalid');
    expect(body.results[3].errors.map((e: { name: string }) => e.name)).toContain('channel');
    expect(body.results[5]).toMatchObject({ status: 'duplicate', id: body.results[4].id });
    const [f] = await ctx.db
      .sql`select nps, text, attributes, touchpoint_id from feedback where response_id = ${body.results[0].id}`;
    expect(f).toMatchObject({
      nps: 10,
      text: 'Great',
      attributes: { plan: 'pro' },
      touchpoint_id: fixture.touchpoint.id,
    });
    const [c1] = await ctx.db
      .sql`select count(*)::int as n from contacts where org_id = ${acme.org.id} and external_id = 'b-1'`;
    expect(c1!.n).toBe(1);

    const before = { r: await count('responses'), f: await count('feedback') };
    const retry = await post(url, { items }, { 'idempotency-key': 'batch-1' });
    expect(retry.json().summary).toEqual({ created: 0, duplicate: 5, invalid: 2 });
    expect(retry.json().results[0].id).toBe(body.results[0].id);
    expect({ r: await count('responses'), f: await count('feedback') }).toEqual(before);
  });

  it('refuses more than 1,000 items', async () => {
    const url = `/api/v1/surveys/${fixture.survey.id}/responses/batch`;
    const many = Array.from({ length: 1001 }, () => ({ answers: { nps: 1 } }));
    const res = await post(url, { items: many });
    expect(res.statusCode).toBe(400);
  });

  it('takes 1,000 items in one call', async () => {
    const url = `/api/v1/surveys/${fixture.survey.id}/responses/batch`;
    const items = Array.from({ length: 1000 }, (_, i) => ({
      answers: { nps: i % 11 },
      contact: { externalId: `bulk-${i % 300}` },
    }));
    const t0 = Date.now();
    const res = await post(url, { items });
    expect(res.json().summary).toEqual({ created: 1000, duplicate: 0, invalid: 0 });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

describe('batch feedback', () => {
  it('ingests reviews and tickets, normalising ratings and keeping their scale, idempotent on sourceId', async () => {
    const items = [
      {
        source: 'review',
        sourceId: 'r-1',
        channel: 'trustpilot',
        text: 'Lovely staff',
        rating: { value: 4, min: 1, max: 5 },
      },
      { source: 'review', sourceId: 'r-2', channel: 'trustpilot', rating: { value: 11, min: 1, max: 10 } },
      {
        source: 'ticket',
        sourceId: 't-1',
        channel: 'zendesk',
        csat: 5,
        text: 'Solved fast',
        contact: { email: 'T1@example.com' },
      },
      {
        source: 'review',
        sourceId: 'r-1',
        channel: 'trustpilot',
        text: 'Lovely staff',
        rating: { value: 4, min: 1, max: 5 },
      },
      { source: 'social', channel: 'x' },
    ];
    const res = await post('/api/v1/feedback/batch', { items });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.summary).toEqual({ created: 2, duplicate: 1, invalid: 2 });
    expect(body.results[1]).toMatchObject({ status: 'invalid', errors: [{ name: 'rating.value' }] });
    expect(body.results[4]).toMatchObject({ status: 'invalid', errors: [{ name: 'text' }] });
    expect(body.results[3]).toMatchObject({ status: 'duplicate', id: body.results[0].id });
    const [r] = await ctx.db
      .sql`select rating, rating_scale, metadata from feedback where id = ${body.results[0].id}`;
    expect(r).toMatchObject({
      rating: 0.75,
      rating_scale: 5,
      metadata: { ratingOriginal: { value: 4, min: 1, max: 5 } },
    });
    const [t] = await ctx.db
      .sql`select f.csat, c.email from feedback f join contacts c on c.id = f.contact_id where f.id = ${body.results[2].id}`;
    expect(t).toMatchObject({ csat: 5, email: 't1@example.com' });
    const again = await post('/api/v1/feedback/batch', { items });
    expect(again.json().summary).toEqual({ created: 0, duplicate: 3, invalid: 2 });
  });

  it('takes one record, idempotent on the Idempotency-Key header when there is no sourceId', async () => {
    const one = { source: 'social', channel: 'x', text: 'Nice app' };
    const a = await post('/api/v1/feedback', one, { 'idempotency-key': 'post-1' });
    const b = await post('/api/v1/feedback', one, { 'idempotency-key': 'post-1' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ status: 'duplicate', id: a.json().id });
  });
});
