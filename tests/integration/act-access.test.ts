// Tenant isolation of every act route, and the role matrix: agents work cases, viewers read them,
// analysts and admins configure teams, rules and webhooks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCaseIntake } from '../../src/act/index.js';
import { submitResponse } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { createTestApp } from '../support/app.js';
import { createTestOrg, createTestSurvey, createTestUser, type TestOrg } from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let jobs: JobQueue;
let acme: TestOrg;
let globex: TestOrg;
let team: { id: string };
let ruleId: string;
const cookies: Record<string, string> = {};

const as =
  (headers: Record<string, string>) =>
  (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as never } : {}) });
let other: ReturnType<typeof as>;

beforeAll(async () => {
  ctx = await createTestApp({ rateLimitPerMinute: 100_000 });
  jobs = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  globex = await createTestOrg(ctx.db.sql, 'Globex');
  other = as(globex.headers);
  const api = as(acme.headers);
  const fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  team = (
    await api('POST', '/api/v1/teams', { name: 'Support', touchpointIds: [fixture.touchpoint.id] })
  ).json();
  ruleId = (
    await api('POST', '/api/v1/case-rules', { name: 'D', when: { metric: 'nps', atMost: 6 }, slaHours: 4 })
  ).json().id;
  await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, { answers: { nps: 1 }, channel: 'api' });
  await processCaseIntake(ctx.db.sql, jobs, { orgId: acme.org.id });
  for (const role of ['agent', 'viewer', 'analyst'] as const) {
    const u = await createTestUser(ctx.db.sql, acme.org.id, role);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: u.email, password: u.password },
    });
    cookies[role] = String(res.headers['set-cookie']).split(';')[0]!;
  }
});
afterAll(async () => {
  await jobs.stop();
  await ctx.close();
});

describe('tenant isolation and the role matrix', () => {
  it('shows nothing of one organisation to another', async () => {
    const [c] = await ctx.db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} limit 1`;
    expect((await other('GET', '/api/v1/cases')).json().items).toEqual([]);
    expect((await other('GET', `/api/v1/cases?teamId=${team.id}`)).json().items).toEqual([]);
    expect((await other('GET', `/api/v1/cases/${c!.id}`)).statusCode).toBe(404);
    expect((await other('PATCH', `/api/v1/cases/${c!.id}`, { priority: 'low' })).statusCode).toBe(404);
    expect((await other('POST', `/api/v1/cases/${c!.id}/notes`, { body: 'x' })).statusCode).toBe(404);
    expect((await other('POST', `/api/v1/cases/${c!.id}/reply`, { body: 'x' })).statusCode).toBe(404);
    expect((await other('POST', `/api/v1/cases/${c!.id}/close`, { resolution: 'x' })).statusCode).toBe(404);
    expect((await other('POST', `/api/v1/cases/${c!.id}/reopen`)).statusCode).toBe(404);
    expect((await other('GET', `/api/v1/teams/${team.id}`)).statusCode).toBe(404);
    expect((await other('PATCH', `/api/v1/teams/${team.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await other('GET', `/api/v1/case-rules/${ruleId}`)).statusCode).toBe(404);
    expect((await other('PATCH', `/api/v1/case-rules/${ruleId}`, { name: 'x' })).statusCode).toBe(404);
    expect((await other('DELETE', `/api/v1/case-rules/${ruleId}`)).statusCode).toBe(404);
    expect((await other('GET', '/api/v1/case-rules')).json().items).toEqual([]);
    expect((await other('GET', '/api/v1/cases/stats')).json()).toMatchObject({ opened: 0 });
  });

  it('agents work cases, viewers read, analysts and admins configure', async () => {
    const [c] = await ctx.db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} and status <> 'closed' limit 1`;
    const agentApi = as({ cookie: cookies.agent! });
    const viewer = as({ cookie: cookies.viewer! });
    const analyst = as({ cookie: cookies.analyst! });
    expect((await agentApi('GET', '/api/v1/cases')).statusCode).toBe(200);
    expect((await agentApi('POST', `/api/v1/cases/${c!.id}/notes`, { body: 'mine' })).statusCode).toBe(201);
    expect(
      (
        await agentApi('POST', '/api/v1/case-rules', {
          name: 'x',
          when: { metric: 'nps', atMost: 6 },
          slaHours: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect((await agentApi('POST', '/api/v1/teams', { name: 'Mine' })).statusCode).toBe(403);
    expect((await agentApi('GET', '/api/v1/webhooks')).statusCode).toBe(403);
    expect((await viewer('GET', '/api/v1/cases')).statusCode).toBe(200);
    expect((await viewer('GET', '/api/v1/cases/stats')).statusCode).toBe(200);
    expect((await viewer('PATCH', `/api/v1/cases/${c!.id}`, { priority: 'low' })).statusCode).toBe(403);
    expect((await viewer('POST', `/api/v1/cases/${c!.id}/notes`, { body: 'x' })).statusCode).toBe(403);
    const rule = await analyst('POST', '/api/v1/case-rules', {
      name: 'Analyst rule',
      when: { metric: 'ces', atLeast: 6 },
      slaHours: 8,
      enabled: false,
    });
    expect(rule.statusCode).toBe(201);
    expect((await analyst('DELETE', `/api/v1/case-rules/${rule.json().id}`)).statusCode).toBe(204);
    expect((await analyst('POST', '/api/v1/teams', { name: 'Analysts' })).statusCode).toBe(201);
  });
});
