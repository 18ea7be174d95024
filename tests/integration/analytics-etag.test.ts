// HTTP caching of the score reads: ETag from the organisation's analytics version, 304 on a conditional
// GET whose tag holds, a new tag after a submission or a rename, none after an enrichment-only update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/platform/auth/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
const SCORES = '/api/v1/scores?metric=nps&groupBy=touchpoint&from=2025-01-01T00:00:00Z';

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  survey = await createTestSurvey(t.db.sql, acme.org.id);
  await insertFeedback(
    t.db.sql,
    acme.org.id,
    [9, 10, 3, 8].map((nps) => ({ nps, surveyId: survey.survey.id, touchpointId: survey.touchpoint.id })),
  );
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });

describe('ETag on the analytics reads', () => {
  it('tags the answer, answers 304 to a conditional GET whose tag holds, and a new tag after a submission', async () => {
    const first = await get(SCORES, acme.headers);
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.json().overall.n).toBe(4);

    const again = await get(SCORES, { ...acme.headers, 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(tag);
    // A list of tags, one of them current, and a stale one alone.
    expect((await get(SCORES, { ...acme.headers, 'if-none-match': `W/"old", ${tag}` })).statusCode).toBe(304);
    expect((await get(SCORES, { ...acme.headers, 'if-none-match': 'W/"old"' })).statusCode).toBe(200);

    // A submission through the API moves the organisation's version: the old tag no longer holds.
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.survey.id}/responses`,
      headers: acme.headers,
      payload: { answers: { nps: 10, reason: 'Quick and kind' } },
    });
    expect(submitted.statusCode).toBe(201);
    const after = await get(SCORES, { ...acme.headers, 'if-none-match': tag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(tag);
    expect(after.json().overall.n).toBe(5);
    expect(
      (await get(SCORES, { ...acme.headers, 'if-none-match': after.headers.etag as string })).statusCode,
    ).toBe(304);
  });

  it('gives each URL, organisation and role its own tag', async () => {
    const base = (await get(SCORES, acme.headers)).headers.etag;
    const other = await get(`${SCORES}&interval=month`, acme.headers);
    expect(other.headers.etag).not.toBe(base);
    // Another organisation sending this tag gets its own answer, never a 304 for Acme's.
    const foreign = await get(SCORES, { ...rival.headers, 'if-none-match': base as string });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers.etag).not.toBe(base);
    const { key } = await createApiKey(t.db.sql, acme.org.id, 'wall', { role: 'viewer' });
    const viewer = await get(SCORES, { authorization: `Bearer ${key}`, 'if-none-match': base as string });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.headers.etag).not.toBe(base);
  });

  it('keeps the tag through enrichment-only updates, and moves it when a name shown changes', async () => {
    const tag = (await get(SCORES, acme.headers)).headers.etag as string;
    await t.db.sql`update feedback set text = 'enriched' where org_id = ${acme.org.id}`;
    expect((await get(SCORES, { ...acme.headers, 'if-none-match': tag })).statusCode).toBe(304);
    await t.db.sql`update touchpoints set name = 'Phone support (new)' where org_id = ${acme.org.id}`;
    const renamed = await get(SCORES, { ...acme.headers, 'if-none-match': tag });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().buckets[0].group.name).toBe('Phone support (new)');
  });

  it('tags slice and movers too, and leaves other reads untagged', async () => {
    for (const url of [
      '/api/v1/analytics/slice?metric=nps&by=touchpoint',
      '/api/v1/analytics/movers?metric=nps&by=touchpoint&from=2025-01-01T00:00:00Z&to=2030-01-01T00:00:00Z',
    ]) {
      const res = await get(url, acme.headers);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      const tag = res.headers.etag as string;
      expect(tag, url).toBeTruthy();
      expect((await get(url, { ...acme.headers, 'if-none-match': tag })).statusCode).toBe(304);
    }
    expect((await get('/api/v1/journeys', acme.headers)).headers.etag).toBeUndefined();
  });
});
