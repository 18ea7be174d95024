// GET /metrics: Prometheus text behind a bearer token, with request latencies by route and job queues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
let db: TestDatabase;
let app: Awaited<ReturnType<typeof buildApp>>;
let acme: TestOrg;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), metricsToken: TOKEN });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('GET /metrics', () => {
  it('refuses callers without the token', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    // An API key is not the metrics token.
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: acme.headers })).statusCode).toBe(
      401,
    );
  });

  it('reports requests by route pattern and the job queues', async () => {
    const survey = await createTestSurvey(db.sql, acme.org.id);
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${survey.survey.id}/responses`,
      headers: acme.headers,
      payload: { answers: { nps: 9, reason: 'queues an enrichment job' } },
    });
    expect(r.statusCode).toBe(201);
    const res = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(
      /northstar_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/surveys\/:id\/responses",status="201"\} 1/,
    );
    expect(res.body).not.toContain(survey.survey.id);
    expect(res.body).toMatch(/northstar_jobs\{queue="[^"]+",state="created"\} [1-9]/);
    expect(res.body).toContain('northstar_database_up 1');
    expect(res.body).toContain('northstar_process_cpu_seconds_total');
  });

  it('is absent without a configured token', async () => {
    const bare = await buildApp({ sql: db.sql, logger: createLogger('silent') });
    // (Unknown GET paths get the dashboard shell, or a 404 where it is not built.)
    const res = await bare.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).not.toContain('northstar_http_request');
    expect(res.headers['content-type']).not.toMatch(/text\/plain/);
    await bare.close();
  });
});
