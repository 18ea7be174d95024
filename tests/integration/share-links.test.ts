// Read-only share links: the shared URL opens a view without logging in and reads only the analytics of
// its organisation; writes, raw feedback and settings are refused; an expired or revoked link is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, submitTestResponses, type TestOrg } from '../support/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let acme: TestOrg;
let rival: TestOrg;
let acmeSurvey: Awaited<ReturnType<typeof createTestSurvey>>;
let rivalSurvey: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  t = await createTestApp({ rateLimitPerMinute: 100_000 });
  acme = await createTestOrg(t.db.sql, 'Acme');
  rival = await createTestOrg(t.db.sql, 'Rival');
  acmeSurvey = await createTestSurvey(t.db.sql, acme.org.id);
  rivalSurvey = await createTestSurvey(t.db.sql, rival.org.id);
  // Acme: 2 promoters and 1 detractor (NPS 33.3); Rival: 4 detractors.
  await submitTestResponses(t.db.sql, acme.org.id, acmeSurvey.survey.id, [
    { answers: { nps: 10 } },
    { answers: { nps: 9 } },
    { answers: { nps: 2 } },
  ]);
  await submitTestResponses(
    t.db.sql,
    rival.org.id,
    rivalSurvey.survey.id,
    [1, 2, 3, 4].map((n) => ({ answers: { nps: n } })),
  );
});
afterAll(async () => t.close());

/** Creates a link as Acme and opens it: the reader's cookie header. */
async function openLink(path = '/gaps?range=90d', expiresInDays = 7) {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/share-links',
    headers: acme.headers,
    payload: { path, expiresInDays },
  });
  expect(created.statusCode).toBe(201);
  const body = created.json();
  const token = /\/shared\/(nss_[\w-]+)$/.exec(body.url)?.[1] as string;
  expect(token).toBeDefined();
  const opened = await t.app.inject({ method: 'GET', url: `/shared/${token}` });
  expect(opened.statusCode).toBe(303);
  expect(opened.headers.location).toBe(path);
  const cookie = opened.cookies.find((c) => c.name === 'ns_share');
  expect(cookie?.httpOnly).toBe(true);
  return { id: body.id as string, token, headers: { cookie: `ns_share=${token}` } };
}

describe('share links', () => {
  it('reads the organisation’s analytics without logging in, and nothing of another organisation', async () => {
    const link = await openLink();
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: link.headers });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      user: { role: 'viewer', name: 'Shared view' },
      organisation: { id: acme.org.id },
      share: { path: '/gaps?range=90d' },
    });
    const scores = await t.app.inject({
      method: 'GET',
      url: '/api/v1/scores?metric=nps',
      headers: link.headers,
    });
    expect(scores.statusCode).toBe(200);
    expect(scores.json().overall).toMatchObject({ n: 3 });
    expect(scores.json().overall.score).toBeCloseTo(100 / 3, 6);
    // The overview's one score request, the same figures.
    const overview = await t.app.inject({
      method: 'GET',
      url: '/api/v1/scores/overview?interval=month',
      headers: link.headers,
    });
    expect(overview.statusCode).toBe(200);
    expect(overview.json().trend.nps.overall).toEqual(scores.json().overall);
    // Another organisation's survey as a filter finds nothing; its journey is not found.
    const rivalScores = await t.app.inject({
      method: 'GET',
      url: `/api/v1/scores?metric=nps&survey=${rivalSurvey.survey.id}`,
      headers: link.headers,
    });
    expect(rivalScores.statusCode).toBe(200);
    expect(rivalScores.json().overall.n).toBe(0);
    const rivalJourney = await t.app.inject({
      method: 'GET',
      url: `/api/v1/journeys/${rivalSurvey.journey.id}`,
      headers: link.headers,
    });
    expect(rivalJourney.statusCode).toBe(404);
  });

  it('refuses every write and every read beyond the analytics', async () => {
    const link = await openLink('/');
    const refused = [
      ['POST', '/api/v1/journeys', { name: 'Nope', stages: ['a'] }],
      ['POST', '/api/v1/share-links', { path: '/', expiresInDays: 90 }],
      ['DELETE', `/api/v1/share-links/${link.id}`, undefined],
      ['PATCH', `/api/v1/surveys/${acmeSurvey.survey.id}`, { status: 'closed' }],
      ['GET', '/api/v1/feedback', undefined],
      ['GET', `/api/v1/surveys/${acmeSurvey.survey.id}`, undefined],
      ['GET', '/api/v1/segments', undefined],
      ['GET', '/api/v1/contacts', undefined],
      ['GET', '/api/v1/cases', undefined],
      ['GET', '/api/v1/api-keys', undefined],
      ['GET', '/api/v1/share-links', undefined],
      ['GET', '/api/v1/audit', undefined],
    ] as const;
    for (const [method, url, payload] of refused) {
      const res = await t.app.inject({
        method,
        url,
        headers: { ...link.headers, origin: 'http://localhost:80' },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    // The survey is untouched.
    const survey = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${acmeSurvey.survey.id}`,
      headers: acme.headers,
    });
    expect(survey.json().status).toBe('live');
  });

  it('refuses a revoked link and an expired one, at once', async () => {
    const link = await openLink('/journeys');
    // Another organisation cannot revoke it.
    const other = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/share-links/${link.id}`,
      headers: rival.headers,
    });
    expect(other.statusCode).toBe(404);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/share-links/${link.id}`,
      headers: acme.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/scores?metric=nps', headers: link.headers }))
        .statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/shared/${link.token}` })).statusCode).toBe(410);

    const expiring = await openLink('/drivers');
    // A week passes: the link's expiry is moved into the past, as the clock would.
    await t.db.sql`update share_links set expires_at = now() - interval '1 second' where id = ${expiring.id}`;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/scores?metric=nps', headers: expiring.headers }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: expiring.headers })).statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: `/shared/${expiring.token}` })).statusCode).toBe(410);
    // A made-up token is refused the same way.
    expect((await t.app.inject({ method: 'GET', url: '/shared/nss_madeup' })).statusCode).toBe(410);

    // The list shows both, revoked and expired, without their tokens.
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/share-links', headers: acme.headers });
    const items = list.json().items as { id: string; revokedAt: string | null }[];
    expect(items.find((l) => l.id === link.id)?.revokedAt).not.toBeNull();
    expect(JSON.stringify(list.json())).not.toContain('nss_');
  });

  it('shares only the analytics pages, and names the field when refused', async () => {
    for (const path of ['/settings', '/responses?survey=x', 'https://evil.example/', '//evil.example/gaps']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/share-links',
        headers: acme.headers,
        payload: { path, expiresInDays: 7 },
      });
      expect(res.statusCode, path).toBe(400);
      expect(res.json().invalid_params[0].name).toBe('body.path');
    }
    const tooLong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/share-links',
      headers: acme.headers,
      payload: { path: '/', expiresInDays: 365 },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().invalid_params[0].name).toBe('body.expiresInDays');
  });
});
