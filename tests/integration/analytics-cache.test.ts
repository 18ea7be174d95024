// The analytics read cache under a staleness window (NORTHSTAR_ANALYTICS_STALENESS_MS): readers share one
// version per window, so answers and tags hold under writes for at most the window; a caller's own writes
// are in its next read at once; a change shows once the window has passed; answers never cross tenants.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiKey } from '../../src/platform/auth/index.js';
import { getAnalyticsVersion, versionAtLeast } from '../../src/understand/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';

const WINDOW_MS = 1_000;
let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let survey: Awaited<ReturnType<typeof createTestSurvey>>;
let rivalSurvey: Awaited<ReturnType<typeof createTestSurvey>>;
let viewer: Record<string, string>;
const SCORES = '/api/v1/scores?metric=nps&groupBy=touchpoint&from=2025-01-01T00:00:00Z';

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000, analyticsStalenessMs: WINDOW_MS });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  survey = await createTestSurvey(t.db.sql, acme.org.id);
  rivalSurvey = await createTestSurvey(t.db.sql, rival.org.id);
  await insertFeedback(
    t.db.sql,
    acme.org.id,
    [9, 10, 3, 8].map((nps) => ({ nps, surveyId: survey.survey.id, touchpointId: survey.touchpoint.id })),
  );
  await insertFeedback(t.db.sql, rival.org.id, [
    { nps: 0, surveyId: rivalSurvey.survey.id, touchpointId: rivalSurvey.touchpoint.id },
  ]);
  const { key } = await createApiKey(t.db.sql, acme.org.id, 'wall screen', { role: 'viewer' });
  viewer = { authorization: `Bearer ${key}` };
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
const submit = (org: TestOrg, surveyId: string, nps: number) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses`,
    headers: org.headers,
    payload: { answers: { nps, reason: 'Quick and kind' } },
  });

describe('analytics reads under a staleness window', () => {
  it('holds answers and tags through other callers writes for the window, then shows them', async () => {
    // Only the clock the cache reads is moved by the test; timers and the database run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.now();
    vi.setSystemTime(t0);
    const first = await get(SCORES, viewer);
    expect(first.statusCode).toBe(200);
    expect(first.json().overall.n).toBe(4);
    const tag = first.headers.etag as string;

    // Another caller (an integration's key) submits: within the window the dashboard's answer and tag hold.
    expect((await submit(acme, survey.survey.id, 10)).statusCode).toBe(201);
    vi.setSystemTime(t0 + WINDOW_MS - 100);
    expect((await get(SCORES, { ...viewer, 'if-none-match': tag })).statusCode).toBe(304);
    const held = await get(SCORES, viewer);
    expect(held.json().overall.n).toBe(4);
    expect(held.body).toBe(first.body);
    expect(held.headers.etag).toBe(tag);

    // Once the window has passed, the next read takes the version anew: the change shows, the tag moves.
    vi.setSystemTime(t0 + WINDOW_MS + 1);
    const moved = await get(SCORES, { ...viewer, 'if-none-match': tag });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().overall.n).toBe(5);
    expect(moved.headers.etag).not.toBe(tag);
  });

  it('shows a caller its own write at once, inside the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 10 * WINDOW_MS);
    const before = await get(SCORES, acme.headers);
    const n = before.json().overall.n as number;
    expect((await submit(acme, survey.survey.id, 2)).statusCode).toBe(201);
    // Same millisecond as the write, same window: its own next read has it.
    const own = await get(SCORES, { ...acme.headers, 'if-none-match': before.headers.etag as string });
    expect(own.statusCode).toBe(200);
    expect(own.json().overall.n).toBe(n + 1);
    expect(own.json().overall.breakdown.detractors).toBe(before.json().overall.breakdown.detractors + 1);
    // Its newer answer is not replaced by an older one: a reader of the window gets it too, never older.
    expect((await get(SCORES, viewer)).json().overall.n).toBe(n + 1);
  });

  it('keeps each organisation its own answers for the same URL', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 20 * WINDOW_MS);
    // Acme's answer is kept at a version at least Rival's: a key without the organisation would hand it over.
    const acmeAnswer = await get(SCORES, acme.headers);
    expect(acmeAnswer.json().overall.n).toBeGreaterThan(1);
    const [acmeVersion, rivalVersion] = await Promise.all([
      getAnalyticsVersion(t.db.sql, acme.org.id),
      getAnalyticsVersion(t.db.sql, rival.org.id),
    ]);
    expect(versionAtLeast(acmeVersion, rivalVersion)).toBe(true);
    const rivals = await get(SCORES, rival.headers);
    expect(rivals.statusCode).toBe(200);
    expect(rivals.json().overall.n).toBe(1);
    expect(rivals.json().overall.breakdown).toEqual({ promoters: 0, passives: 0, detractors: 1 });
    expect(rivals.json().buckets[0].group.id).toBe(rivalSurvey.touchpoint.id);
    // Rival's own write shows to Rival, and Acme's kept answer does not move.
    expect((await submit(rival, rivalSurvey.survey.id, 10)).statusCode).toBe(201);
    expect((await get(SCORES, rival.headers)).json().overall.n).toBe(2);
    expect((await get(SCORES, acme.headers)).body).toBe(acmeAnswer.body);
  });
});

describe('analytics version helpers', () => {
  it('orders versions as numbers, not as text', () => {
    expect(versionAtLeast('10', '9')).toBe(true);
    expect(versionAtLeast('9', '10')).toBe(false);
    expect(versionAtLeast('123', '123')).toBe(true);
    expect(versionAtLeast('0', '1')).toBe(false);
  });
});
