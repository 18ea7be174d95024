// SurveyJS import over HTTP: convert with a report, or create a draft survey; invalid results are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;

beforeAll(async () => {
  ctx = await createTestApp();
  acme = await createTestOrg(ctx.db.sql, 'Acme');
});
afterAll(() => ctx.close());

const surveyjs = {
  title: 'Support follow-up',
  elements: [
    { type: 'rating', name: 'nps', title: 'Recommend us?', rateMin: 0, rateMax: 10, isRequired: true },
    { type: 'signaturepad', name: 'sign', title: 'Sign here' },
  ],
};
const post = (payload: unknown) =>
  ctx.app.inject({
    method: 'POST',
    url: '/api/v1/surveys/import/surveyjs',
    headers: acme.headers,
    payload: payload as never,
  });

describe('POST /api/v1/surveys/import/surveyjs', () => {
  it('converts and reports without storing anything', async () => {
    const res = await post({ surveyjs });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      definition: { title: 'Support follow-up', questions: [{ id: 'nps', type: 'nps', required: true }] },
      report: { unmapped: [{ name: 'sign', type: 'signaturepad' }] },
    });
    expect(res.json().survey).toBeUndefined();
  });

  it('creates a draft survey when asked', async () => {
    const res = await post({ surveyjs, create: true, name: 'Imported follow-up' });
    expect(res.statusCode).toBe(201);
    expect(res.json().survey).toMatchObject({ name: 'Imported follow-up', status: 'draft', version: 1 });
  });

  it('refuses a survey with nothing Northstar can ask, naming the field', async () => {
    const res = await post({ surveyjs: { elements: [{ type: 'html', name: 'x' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().invalid_params).toEqual([
      { name: 'definition.questions', reason: 'Too small: expected array to have >=1 items' },
    ]);
  });
});
