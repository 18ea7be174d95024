// The case loop through the API: validation naming fields, status changes with history, notes, replies over real SMTP (threaded), SLA breach and escalation by job,
// close with the recovery email answered by one click and counted in the figures.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_JOBS, processCaseIntake, sendDailyDigests } from '../../src/act/index.js';
import { EMAIL_JOBS, useMail } from '../../src/listen/channels/email/index.js';
import { submitResponse } from '../../src/listen/index.js';
import { type JobDefinition, JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, createTestUser, type TestOrg } from '../support/factories.js';
import { startJsonReceiver, startSmtpReceiver, textOf } from '../support/receivers.js';

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let slack: Awaited<ReturnType<typeof startJsonReceiver>>;
let slackUrl: string;
let slackPosts: unknown[];
let outbox: string;
let inbox: Awaited<ReturnType<typeof startSmtpReceiver>>['inbox'];
let acme: TestOrg;
let globex: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let agent: { id: string; cookie: string; email: string };
let team: { id: string };
let ruleId: string;

const ALL_JOBS = [...(EMAIL_JOBS as unknown as JobDefinition[]), ...ACT_JOBS];
const as =
  (headers: Record<string, string>) =>
  (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as never } : {}) });
let api: ReturnType<typeof as>;
let other: ReturnType<typeof as>;

async function login(email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function detractorCase(externalId: string, nps = 2): Promise<{ caseId: string; feedbackId: string }> {
  const r = await submitResponse(db.sql, acme.org.id, fixture.survey.id, {
    answers: { nps, reason: `Unhappy ${externalId}` },
    channel: 'api',
    contact: { externalId, email: `${externalId}@example.com`, name: `Customer ${externalId}` },
  });
  await processCaseIntake(db.sql, jobs, { orgId: acme.org.id });
  const [c] = await db.sql<
    { id: string }[]
  >`select id from cases where feedback_id = ${r.response.feedbackId}`;
  return { caseId: c!.id, feedbackId: r.response.feedbackId };
}

beforeAll(async () => {
  process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE = 'true';
  smtp = await startSmtpReceiver();
  inbox = smtp.inbox;
  slack = await startJsonReceiver();
  slackPosts = slack.posts;
  slackUrl = `${slack.url}/services/T/B/X`;
  outbox = mkdtempSync(path.join(tmpdir(), 'northstar-outbox-'));
  useMail({
    smtpUrl: smtp.url,
    outboxDir: outbox,
    from: 'Acme Care <care@acme.test>',
    publicUrl: 'http://cx.acme.test',
  });
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs, rateLimitPerMinute: 100_000 });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  globex = await createTestOrg(db.sql, 'Globex');
  api = as(acme.headers);
  other = as(globex.headers);
  fixture = await createTestSurvey(db.sql, acme.org.id);
  const a = await createTestUser(db.sql, acme.org.id, 'agent');
  agent = { id: a.user.id, email: a.email, cookie: await login(a.email, a.password) };
});
afterAll(async () => {
  delete process.env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE;
  await app.close();
  await jobs.stop();
  await db.drop();
  await smtp.close();
  await slack.close();
  rmSync(outbox, { recursive: true, force: true });
});

describe('teams and case rules: bad input is named, nothing half-written', () => {
  it('refuses unknown and foreign ids by field, and writes nothing', async () => {
    const foreignUser = (await createTestUser(db.sql, globex.org.id, 'agent')).user.id;
    const res = await api('POST', '/api/v1/teams', {
      name: 'Support',
      memberIds: [agent.id, foreignUser],
      touchpointIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().invalid_params).toEqual([
      { name: 'body.memberIds.1', reason: 'no such user in this organisation' },
      { name: 'body.touchpointIds.0', reason: 'no such touchpoint in this organisation' },
    ]);
    expect((await api('GET', '/api/v1/teams')).json().items).toEqual([]);
  });

  it('creates a team owning the touchpoint, with escalation to Slack and email', async () => {
    const res = await api('POST', '/api/v1/teams', {
      name: 'Support',
      memberIds: [agent.id],
      touchpointIds: [fixture.touchpoint.id],
      escalation: { emails: ['lead@acme.test'], slackUrl },
    });
    expect(res.statusCode).toBe(201);
    team = res.json();
    expect(team).toMatchObject({
      name: 'Support',
      memberIds: [agent.id],
      touchpointIds: [fixture.touchpoint.id],
    });
    expect((await api('POST', '/api/v1/teams', { name: 'Support' })).statusCode).toBe(409);
  });

  it('names invalid rule conditions and foreign references', async () => {
    const cases: Array<[unknown, string]> = [
      [{ metric: 'nps' }, 'body.when.atMost'],
      [{ atMost: 6 }, 'body.when.metric'],
      [{ metric: 'nps', atMost: 11 }, 'body.when.atMost'],
      [{ metric: 'csat', atLeast: 4, atMost: 2 }, 'body.when.atLeast'],
      [{ sentiment: 'positive' }, 'body.when.sentiment'],
      [{}, 'body.when'],
      [{ surveyIds: ['nope'] }, 'body.when.surveyIds.0'],
    ];
    for (const [when, field] of cases) {
      const res = await api('POST', '/api/v1/case-rules', { name: 'x', when, slaHours: 4 });
      expect(res.statusCode, JSON.stringify(when)).toBe(400);
      expect(res.json().invalid_params.map((p: { name: string }) => p.name)).toContain(field);
    }
    const foreignTeam = (await other('POST', '/api/v1/teams', { name: 'Theirs' })).json().id;
    const foreign = await api('POST', '/api/v1/case-rules', {
      name: 'x',
      when: {
        metric: 'nps',
        atMost: 6,
        touchpointIds: [fixture.touchpoint.id, '00000000-0000-4000-8000-000000000001'],
      },
      assign: { teamId: foreignTeam },
      slaHours: 4,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().invalid_params).toEqual([
      { name: 'body.when.touchpointIds.1', reason: 'no such touchpoint in this organisation' },
      { name: 'body.assign.teamId', reason: 'no such team in this organisation' },
    ]);
    const badTz = await api('POST', '/api/v1/case-rules', {
      name: 'x',
      when: { metric: 'nps', atMost: 6 },
      slaHours: 4,
      businessHours: { timeZone: 'Mars/Olympus' },
    });
    expect(badTz.json().invalid_params[0].name).toBe('body.businessHours.timeZone');
    expect((await api('GET', '/api/v1/case-rules')).json().items).toEqual([]);
  });

  it('creates the detractor rule', async () => {
    const res = await api('POST', '/api/v1/case-rules', {
      name: 'Detractors',
      when: { metric: 'nps', atMost: 6 },
      priority: 'high',
      slaHours: 24,
      businessHours: { timeZone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: 9, end: 17 },
      notify: { slackUrl },
    });
    expect(res.statusCode).toBe(201);
    ruleId = res.json().id;
    expect(res.json()).toMatchObject({
      priority: 'high',
      slaHours: 24,
      enabled: true,
      assign: { strategy: 'round_robin' },
    });
  });
});

describe('working a case', () => {
  let caseId: string;

  it('opens a case assigned to the touchpoint team, due in business hours, and notifies Slack', async () => {
    ({ caseId } = await detractorCase('ann'));
    const res = await api('GET', `/api/v1/cases/${caseId}`);
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'open',
      priority: 'high',
      teamId: team.id,
      ownerId: agent.id,
      firstResponseAt: null,
    });
    expect(c.history[0]).toMatchObject({
      kind: 'created',
      actorKind: 'system',
      changes: { rule: 'Detractors' },
    });
    expect(c.feedback).toMatchObject({ nps: 2, text: 'Unhappy ann' });
    expect(c.contact).toMatchObject({ email: 'ann@example.com', name: 'Customer ann' });
    expect(c.contact.feedback).toHaveLength(1);
    expect(c.contact.cases).toHaveLength(1);
    await jobs.drain(ALL_JOBS);
    const post = slackPosts.at(-1) as { blocks: Array<{ type: string; fields?: Array<{ text: string }> }> };
    expect(post.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(post)).toContain('NPS 2/10');
    expect(JSON.stringify(post)).toContain(`http://cx.acme.test/cases/${caseId}`);
    // The owner is told too.
    expect(inbox.some((m) => m.to.includes(agent.email) && m.raw.includes('New high case'))).toBe(true);
  });

  it('lists with filters and a cursor', async () => {
    await detractorCase('bob');
    await detractorCase('cy');
    const page1 = await api('GET', `/api/v1/cases?status=open&teamId=${team.id}&limit=2`);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items).toHaveLength(2);
    expect(Object.keys(page1.json().items[0])).toEqual(
      expect.arrayContaining([
        'id',
        'status',
        'priority',
        'teamId',
        'ownerId',
        'feedbackId',
        'contactId',
        'dueAt',
        'createdAt',
        'firstResponseAt',
        'closedAt',
        'rootCause',
      ]),
    );
    const page2 = await api(
      'GET',
      `/api/v1/cases?status=open&teamId=${team.id}&limit=2&cursor=${page1.json().nextCursor}`,
    );
    expect(page2.json().items).toHaveLength(1);
    expect(page2.json().nextCursor).toBeNull();
    const ids = [...page1.json().items, ...page2.json().items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(3);
    expect((await api('GET', '/api/v1/cases?status=closed')).json().items).toEqual([]);
    expect((await api('GET', '/api/v1/cases?breached=true')).json().items).toEqual([]);
    expect((await api('GET', '/api/v1/cases?status=shut')).json().invalid_params[0].name).toBe(
      'query.status.0',
    );
    expect((await api('GET', '/api/v1/cases?cursor=garbage')).json().invalid_params[0].name).toBe(
      'query.cursor',
    );
  });

  it('lets an agent move it, refuses impossible moves, and records who did what', async () => {
    const agentApi = as({ cookie: agent.cookie });
    const moved = await agentApi('PATCH', `/api/v1/cases/${caseId}`, {
      status: 'in_progress',
      priority: 'urgent',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'in_progress', priority: 'urgent' });
    const closing = await agentApi('PATCH', `/api/v1/cases/${caseId}`, { status: 'closed' });
    expect(closing.statusCode).toBe(400);
    expect(closing.json().invalid_params[0].name).toBe('body.status');
    const note = await agentApi('POST', `/api/v1/cases/${caseId}/notes`, { body: 'Called, no answer.' });
    expect(note.statusCode).toBe(201);
    const foreignOwner = (await createTestUser(db.sql, globex.org.id, 'agent')).user.id;
    const bad = await agentApi('PATCH', `/api/v1/cases/${caseId}`, { ownerId: foreignOwner });
    expect(bad.json().invalid_params).toEqual([
      { name: 'body.ownerId', reason: 'no such user in this organisation' },
    ]);
    const c = (await api('GET', `/api/v1/cases/${caseId}`)).json();
    expect(c.notes).toMatchObject([{ body: 'Called, no answer.', authorKind: 'user', authorId: agent.id }]);
    expect(c.history.map((h: { kind: string }) => h.kind)).toEqual(['created', 'updated', 'note_added']);
    expect(c.history[1]).toMatchObject({
      actorKind: 'user',
      actorId: agent.id,
      changes: { status: { from: 'open', to: 'in_progress' }, priority: { from: 'high', to: 'urgent' } },
    });
  });

  it('replies to the customer over SMTP, threaded, and sets the first response time', async () => {
    const first = await api('POST', `/api/v1/cases/${caseId}/reply`, {
      subject: 'Your visit',
      body: 'Sorry about that.\n\nWe will call you.',
    });
    expect(first.statusCode).toBe(202);
    await jobs.drain(ALL_JOBS);
    const second = await api('POST', `/api/v1/cases/${caseId}/reply`, { body: 'Following up.' });
    expect(second.statusCode).toBe(202);
    await jobs.drain(ALL_JOBS);
    const mails = inbox.filter((m) => m.to.includes('ann@example.com'));
    expect(mails).toHaveLength(2);
    const firstId = /^Message-ID: (<[^>]+>)/im.exec(mails[0]!.raw)?.[1];
    expect(firstId).toMatch(/^<case-/);
    expect(mails[1]!.raw).toMatch(new RegExp(`^In-Reply-To: ${firstId}`, 'im'));
    expect(mails[1]!.raw).toMatch(new RegExp(`^References: ${firstId}`, 'im'));
    expect(mails[1]!.raw).toMatch(/^Subject: Re: About your feedback/im);
    const c = (await api('GET', `/api/v1/cases/${caseId}`)).json();
    expect(c.firstResponseAt).not.toBeNull();
    expect(c.messages.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent']);
  });

  it('refuses to email a customer who unsubscribed', async () => {
    const { caseId: id } = await detractorCase('dee');
    await db.sql`update contacts set consent = '{"email": false}' where external_id = 'dee'`;
    const res = await api('POST', `/api/v1/cases/${id}/reply`, { body: 'Hello' });
    expect(res.statusCode).toBe(409);
    expect(res.json().invalid_params[0].name).toBe('contact.consent');
    const closed = await api('POST', `/api/v1/cases/${id}/close`, { resolution: 'Refunded' });
    expect(closed.json().recovery).toEqual({
      sent: false,
      reason: 'the customer opted out of survey emails',
    });
  });
});

describe('the daily digest', () => {
  it('sends each owner one email a day listing their open cases, breached first', async () => {
    const morning = new Date();
    morning.setUTCHours(8, 0, 0, 0);
    const early = new Date(morning.getTime() - 2 * 3_600_000);
    expect(await sendDailyDigests(db.sql, early)).toBe(0);
    const before = inbox.length;
    expect(await sendDailyDigests(db.sql, morning)).toBe(1);
    const digest = inbox.slice(before).find((m) => m.to.includes(agent.email));
    expect(digest?.raw).toMatch(/Subject: Your cases today: \d+ open/);
    expect(textOf(digest!.raw)).toContain('http://cx.acme.test/cases/');
    // Once a day: a second worker (or tick) sends nothing more.
    expect(await sendDailyDigests(db.sql, morning)).toBe(0);
  });
});

describe('SLA breach by job, escalation', () => {
  it('marks the breach at the due time, emails the owner and the team lead, posts to the team channel', async () => {
    const quick = await api('PATCH', `/api/v1/case-rules/${ruleId}`, {
      slaHours: 0.0005,
      businessHours: null,
    });
    expect(quick.statusCode).toBe(200);
    const { caseId } = await detractorCase('eve');
    // Before the due time the job is not yet runnable.
    expect((await api('GET', `/api/v1/cases/${caseId}`)).json().breached).toBe(false);
    await new Promise((r) => setTimeout(r, 2_200));
    slackPosts.length = 0;
    await jobs.drain(ALL_JOBS);
    const c = (await api('GET', `/api/v1/cases/${caseId}`)).json();
    expect(c.breached).toBe(true);
    expect(c.history.map((h: { kind: string }) => h.kind)).toContain('sla_breached');
    expect(inbox.some((m) => m.to.includes('lead@acme.test') && /SLA breached/.test(m.raw))).toBe(true);
    expect(inbox.some((m) => m.to.includes(agent.email) && /SLA breached/.test(m.raw))).toBe(true);
    expect(JSON.stringify(slackPosts)).toContain('SLA breached');
    expect(
      (await api('GET', '/api/v1/cases?breached=true')).json().items.map((x: { id: string }) => x.id),
    ).toContain(caseId);
    await api('PATCH', `/api/v1/case-rules/${ruleId}`, { slaHours: 24 });
  });
});

describe('close, recovery by one click, and the figures', () => {
  it('asks the recovery question on close, links the one-click answers to the cases, and counts them', async () => {
    const people = ['rec1', 'rec2', 'rec3'];
    const answers = [9, 8, 3];
    const ids: string[] = [];
    for (const p of people) ids.push((await detractorCase(p, 1)).caseId);
    for (const id of ids) {
      const res = await api('POST', `/api/v1/cases/${id}/close`, {
        resolution: 'Called and refunded',
        rootCause: 'billing',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'closed', rootCause: 'billing', recovery: { sent: true } });
    }
    expect((await api('POST', `/api/v1/cases/${ids[0]}/close`, { resolution: 'again' })).statusCode).toBe(
      409,
    );
    await jobs.drain(ALL_JOBS);
    for (const [i, p] of people.entries()) {
      const mail = inbox.find((m) => m.to.includes(`${p}@example.com`));
      expect(mail, p).toBeDefined();
      const text = textOf(mail!.raw);
      expect(text).toContain('After our follow-up');
      const link = new RegExp(`http://cx\\.acme\\.test(/e/[A-Za-z0-9_.-]+/${answers[i]})\\b`).exec(text)?.[1];
      expect(link, p).toBeDefined();
      const click = await app.inject({
        method: 'GET',
        url: link!,
        headers: { 'user-agent': 'Mozilla/5.0 (Macintosh) Safari/605.1.15' },
      });
      expect(click.statusCode).toBeLessThan(400);
    }
    await processCaseIntake(db.sql, jobs, { orgId: acme.org.id });
    const linked = await db.sql<{ recovery_score: number }[]>`
      select recovery_score from cases where id = any(${ids}::uuid[]) order by recovery_score desc`;
    expect(linked.map((r) => r.recovery_score)).toEqual([9, 8, 3]);
    // Recovery answers open no new cases (the 3 is a detractor answer, but of the recovery survey).
    const recoveryCases = await db.sql`
      select 1 from cases c join act_settings s on s.org_id = c.org_id and s.recovery_survey_id = c.survey_id`;
    expect(recoveryCases).toHaveLength(0);
    const c = (await api('GET', `/api/v1/cases/${ids[0]}`)).json();
    expect(c.history.map((h: { kind: string }) => h.kind)).toEqual([
      'created',
      'closed',
      'recovery_answered',
    ]);

    const stats = await api('GET', '/api/v1/cases/stats');
    expect(stats.statusCode).toBe(200);
    const s = stats.json();
    expect(s.recovery).toMatchObject({ surveyed: 3, answered: 3, recovered: 2 });
    expect(s.recovery.rate).toBeCloseTo(2 / 3, 10);
    // Wilson 95% for 2 of 3, by the textbook formula (statsmodels proportion_confint(2, 3, method='wilson')).
    expect(s.recovery.ci.low).toBeCloseTo(0.2077, 4);
    expect(s.recovery.ci.high).toBeCloseTo(0.9385, 4);
    expect(s).toMatchObject({ breached: 1 });
    expect(s.opened).toBe(s.open + s.closed);
    expect(s.closed).toBe(4);
    expect(s.withinSla.share).toBe(1);
    expect(s.medianHoursToClose).toBeGreaterThan(0);
    expect(s.medianHoursToFirstResponse).toBeGreaterThan(0);
    const byCause = (await api('GET', '/api/v1/cases/stats?groupBy=rootCause')).json();
    expect(byCause.groups.find((g: { key: string }) => g.key === 'billing')).toMatchObject({
      closed: 3,
      recovery: { recovered: 2 },
    });
    const future = (await api('GET', '/api/v1/cases/stats?from=2099-01-01')).json();
    expect(future).toMatchObject({
      opened: 0,
      withinSla: { share: null, ci: { low: null, high: null } },
      recovery: { rate: null },
    });
  });

  it('reopens a closed case with a new due time', async () => {
    const [c] = await db.sql<
      { id: string }[]
    >`select id from cases where org_id = ${acme.org.id} and status = 'closed' limit 1`;
    const res = await api('POST', `/api/v1/cases/${c!.id}/reopen`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'open', closedAt: null });
    expect((await api('POST', `/api/v1/cases/${c!.id}/reopen`)).statusCode).toBe(409);
  });
});
