import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let other: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  other = await createTestOrg(ctx.db.sql, 'Other');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
});
afterAll(() => ctx.close());

const submit = (
  payload: unknown,
  headers: Record<string, string> = acme.headers,
  surveyId = fixture.survey.id,
) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses`,
    headers,
    payload: payload as never,
  });
const feedbackCount = async () =>
  (await ctx.db.sql<{ n: number }[]>`select count(*)::int as n from feedback`)[0]!.n;

describe('submitting a response', () => {
  it('stores the response and one feedback record on the right journey, stage and touchpoint', async () => {
    const res = await submit({
      answers: { nps: 9, reason: 'Quick and friendly' },
      contact: { externalId: 'cust-1', email: 'cust1@example.com', attributes: { segment: 'enterprise' } },
      metadata: { page: '/help' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      surveyVersion: 1,
      channel: 'api',
      duplicate: false,
      touchpointId: fixture.touchpoint.id,
    });
    const [f] = await ctx.db.sql`select * from feedback where response_id = ${body.id}`;
    expect(f).toMatchObject({
      source: 'survey',
      nps: 9,
      text: 'Quick and friendly',
      journey_id: fixture.journey.id,
      stage_id: fixture.journey.stages[1]!.id,
      touchpoint_id: fixture.touchpoint.id,
      attributes: { segment: 'enterprise' },
      metadata: { page: '/help' },
    });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/feedback?hasText=true',
      headers: acme.headers,
    });
    expect(list.json().items[0]).toMatchObject({ responseId: body.id, measures: { nps: 9 } });
    // The list filters on the journey and the channel too (the dashboard's global filters).
    const byJourney = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/feedback?journey=${fixture.journey.id}&channel=api`,
      headers: acme.headers,
    });
    expect(byJourney.json().items.map((i: { id: string }) => i.id)).toContain(list.json().items[0].id);
    const otherChannel = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/feedback?journey=${fixture.journey.id}&channel=email`,
      headers: acme.headers,
    });
    expect(otherChannel.json().items).toEqual([]);
  });

  it('never creates a duplicate for a retried request with the same idempotency key', async () => {
    const before = await feedbackCount();
    const first = await submit({ answers: { nps: 3 } }, { ...acme.headers, 'idempotency-key': 'retry-1' });
    const second = await submit({ answers: { nps: 3 } }, { ...acme.headers, 'idempotency-key': 'retry-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, duplicate: true });
    const parallel = await Promise.all(
      Array.from({ length: 8 }, () => submit({ answers: { nps: 5 }, idempotencyKey: 'race-1' })),
    );
    expect(new Set(parallel.map((r) => r.json().id)).size).toBe(1);
    expect(await feedbackCount()).toBe(before + 2);
  });

  it('refuses invalid answers with the question named, writing nothing', async () => {
    const before = await feedbackCount();
    const res = await submit({ answers: { nps: 11, colour: 'blue' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params).toEqual(
      expect.arrayContaining([
        { name: 'answers.nps', reason: 'must be a whole number from 0 to 10' },
        { name: 'answers.colour', reason: 'is not a question of this survey' },
      ]),
    );
    const missing = await submit({ answers: { reason: 'no score' } });
    expect(missing.json().invalid_params).toEqual([{ name: 'answers.nps', reason: 'is required' }]);
    expect(await feedbackCount()).toBe(before);
  });

  it('refuses unknown, foreign and closed surveys with a clear reason', async () => {
    const unknown = await submit(
      { answers: { nps: 8 } },
      acme.headers,
      '00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(404);
    const foreign = await submit({ answers: { nps: 8 } }, other.headers);
    expect(foreign.statusCode).toBe(404);
    const closed = await createTestSurvey(ctx.db.sql, acme.org.id);
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${closed.survey.id}`,
      headers: acme.headers,
      payload: { status: 'closed' },
    });
    const res = await submit({ answers: { nps: 8 } }, acme.headers, closed.survey.id);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toContain('closed');
  });

  it('keeps the version a response answered when the survey is edited', async () => {
    const s = await createTestSurvey(ctx.db.sql, acme.org.id);
    const v1 = await submit({ answers: { nps: 10 } }, acme.headers, s.survey.id);
    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/surveys/${s.survey.id}`,
      headers: acme.headers,
      payload: {
        definition: {
          title: { en: 'v2' },
          questions: [{ id: 'csat', type: 'csat', text: { en: 'How satisfied are you?' }, required: true }],
        },
      },
    });
    expect(edited.json().version).toBe(2);
    const v2 = await submit({ answers: { csat: 4 } }, acme.headers, s.survey.id);
    expect(v2.json().surveyVersion).toBe(2);
    const first = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/responses/${v1.json().id}`,
      headers: acme.headers,
    });
    expect(first.json()).toMatchObject({ surveyVersion: 1, answers: { nps: 10 } });
  });
});
