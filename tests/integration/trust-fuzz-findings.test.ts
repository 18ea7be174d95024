// Defects the OpenAPI fuzz found, each kept as a plain regression test: the input that gave a 500 now
// gets its proper answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  const { touchpoint } = await createTestSurvey(t.db.sql, acme.org.id);
  await insertFeedback(t.db.sql, acme.org.id, [
    { nps: 1, csat: 2, text: 'Slow and rude', touchpointId: touchpoint.id },
    { nps: 2, csat: 3, text: 'Rude again', touchpointId: touchpoint.id },
    { nps: 9, csat: 5, text: 'Lovely staff', touchpointId: touchpoint.id },
  ]);
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: acme.headers });

describe('comment reads with a score range', () => {
  it('take fractional and tiny bounds on whole-number scores (GET /api/v1/text/search, themes/impact, suggestions, verbatims)', async () => {
    const search = await get('/api/v1/text/search?scoreMetric=nps&scoreMin=1.5');
    expect(search.statusCode).toBe(200);
    expect(
      search
        .json()
        .items.map((c: { text: string }) => c.text)
        .sort(),
    ).toEqual(['Lovely staff', 'Rude again']);
    const tiny = await get('/api/v1/text/search?scoreMetric=nps&scoreMin=5e-324&scoreMax=2.5');
    expect(tiny.statusCode).toBe(200);
    expect(tiny.json().items).toHaveLength(2);
    for (const url of [
      '/api/v1/text/themes/impact?scoreMetric=csat&scoreMin=2.5',
      '/api/v1/text/themes/suggestions?scoreMetric=rating&scoreMin=9.96e-205',
      '/api/v1/text/themes/staff/verbatims?scoreMetric=ces&scoreMax=4.4e-323',
    ]) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });
});

describe('feedback with a rating on a scale narrower than one point', () => {
  it('is refused as 400 naming rating.max (a normalised value would underflow the stored real)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { ...acme.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({
        source: 'social',
        text: 'fine',
        rating: { value: 2.16e-130, min: -1.4e-207, max: 1.1e-76 },
      }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('rating.max');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { ...acme.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ source: 'social', text: 'fine', rating: { value: 0.5, min: 0, max: 1 } }),
    });
    expect(ok.statusCode).toBeLessThan(300);
  });
});
