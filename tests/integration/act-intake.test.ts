// Case rules on every intake path: exactly one case per feedback record, whatever retries, replays
// or concurrent workers happen; routing to teams and owners; rules that wait for comment enrichment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCaseIntake } from '../../src/act/index.js';
import { invitationToken } from '../../src/listen/channels/email/index.js';
import { nonce } from '../../src/listen/channels/hosted/index.js';
import { runImport } from '../../src/listen/imports/index.js';
import { createSurvey, submitResponse } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { enrichFeedbackJob } from '../../src/understand/comments/index.js';
import { createTestApp } from '../support/app.js';
import {
  createTestOrg,
  createTestSurvey,
  createTestUser,
  npsDefinition,
  type TestOrg,
} from '../support/factories.js';

let ctx: Awaited<ReturnType<typeof createTestApp>>;
let jobs: JobQueue;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let team: { id: string };
let members: string[];
let dir: string;

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  ctx.app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });
const process_ = () => processCaseIntake(ctx.db.sql, jobs, { orgId: acme.org.id });
const casesFor = async (feedbackId: string) =>
  ctx.db.sql<{ id: string; team_id: string | null; owner_id: string | null; priority: string }[]>`
    select id, team_id, owner_id, priority from cases where org_id = ${acme.org.id} and feedback_id = ${feedbackId}`;
const feedbackOf = async (responseId: string) =>
  (await ctx.db.sql<{ id: string }[]>`select id from feedback where response_id = ${responseId}`)[0]!.id;

beforeAll(async () => {
  ctx = await createTestApp({ rateLimitPerMinute: 100_000 });
  jobs = new JobQueue({ sql: ctx.db.sql, log: createLogger('silent') });
  acme = await createTestOrg(ctx.db.sql, 'Acme');
  fixture = await createTestSurvey(ctx.db.sql, acme.org.id);
  members = [];
  for (let i = 0; i < 3; i++) members.push((await createTestUser(ctx.db.sql, acme.org.id, 'agent')).user.id);
  members.sort();
  const t = await api('POST', '/api/v1/teams', {
    name: 'Support',
    memberIds: members,
    touchpointIds: [fixture.touchpoint.id],
  });
  expect(t.statusCode).toBe(201);
  team = t.json();
  // Detractors open a case for the team that owns the touchpoint; tickets with CSAT ≤ 2 too.
  const r1 = await api('POST', '/api/v1/case-rules', {
    name: 'Detractors',
    when: { metric: 'nps', atMost: 6 },
    priority: 'high',
    slaHours: 24,
  });
  expect(r1.statusCode).toBe(201);
  const r2 = await api('POST', '/api/v1/case-rules', {
    name: 'Unhappy tickets',
    when: { metric: 'csat', atMost: 2 },
    assign: { teamId: team.id },
    priority: 'normal',
    slaHours: 8,
  });
  expect(r2.statusCode).toBe(201);
  dir = mkdtempSync(path.join(tmpdir(), 'northstar-act-'));
});
afterAll(async () => {
  await jobs.stop();
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every intake path opens exactly one case per feedback record', () => {
  it('single API submission, retried with the same idempotency key', async () => {
    const body = {
      answers: { nps: 2, reason: 'Nobody called back' },
      idempotencyKey: 'k-1',
      contact: { externalId: 'c-1', email: 'c1@example.com' },
    };
    const a = await api('POST', `/api/v1/surveys/${fixture.survey.id}/responses`, body);
    const b = await api('POST', `/api/v1/surveys/${fixture.survey.id}/responses`, body);
    expect(a.statusCode).toBe(201);
    expect(b.json().duplicate).toBe(true);
    // Two workers race for the same rows: each row is taken once.
    const [n1, n2] = await Promise.all([process_(), process_()]);
    expect(n1 + n2).toBe(1);
    expect(await process_()).toBe(0);
    const cases = await casesFor(a.json().feedbackId ?? (await feedbackOf(a.json().id)));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ team_id: team.id, priority: 'high' });
    expect(members).toContain(cases[0]!.owner_id);
  });

  it('a promoter opens nothing, and the intake row is gone', async () => {
    const a = await api('POST', `/api/v1/surveys/${fixture.survey.id}/responses`, { answers: { nps: 10 } });
    await process_();
    expect(await casesFor(await feedbackOf(a.json().id))).toHaveLength(0);
    expect((await ctx.db.sql`select 1 from case_intake where org_id = ${acme.org.id}`).length).toBe(0);
  });

  it('concurrent single submissions (group commit) each open their own case', async () => {
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
          answers: { nps: i % 2 === 0 ? 3 : 9 },
          channel: 'api',
        }),
      ),
    );
    await process_();
    for (const [i, r] of res.entries()) {
      expect(await casesFor(r.response.feedbackId)).toHaveLength(i % 2 === 0 ? 1 : 0);
    }
  });

  it('batch submissions', async () => {
    const res = await api('POST', `/api/v1/surveys/${fixture.survey.id}/responses/batch`, {
      items: [
        { answers: { nps: 1 } },
        { answers: { nps: 8 } },
        { answers: { nps: 0 }, idempotencyKey: 'b-1' },
      ],
    });
    expect(res.statusCode).toBeLessThan(300);
    const ids = res.json().results.map((r: { feedbackId: string }) => r.feedbackId);
    // The batch sent again: the keyed item is a duplicate and opens nothing new.
    await api('POST', `/api/v1/surveys/${fixture.survey.id}/responses/batch`, {
      items: [{ answers: { nps: 0 }, idempotencyKey: 'b-1' }],
    });
    await process_();
    expect((await casesFor(ids[0])).length).toBe(1);
    expect((await casesFor(ids[1])).length).toBe(0);
    expect((await casesFor(ids[2])).length).toBe(1);
    const [{ n }] = (await ctx.db.sql`
      select count(*)::int as n from cases c join feedback f on f.org_id = c.org_id and f.id = c.feedback_id
      join responses r on r.org_id = f.org_id and r.id = f.response_id where r.idempotency_key = 'b-1'`) as unknown as [
      { n: number },
    ];
    expect(n).toBe(1);
  });

  it('non-survey feedback (a ticket) from the feedback API, single and batch, replayed', async () => {
    const one = await api('POST', '/api/v1/feedback', {
      source: 'ticket',
      sourceId: 't-1',
      channel: 'email',
      csat: 1,
      text: 'Refund never came',
    });
    expect(one.statusCode).toBeLessThan(300);
    const again = await api('POST', '/api/v1/feedback', {
      source: 'ticket',
      sourceId: 't-1',
      channel: 'email',
      csat: 1,
      text: 'Refund never came',
    });
    expect(again.statusCode).toBeLessThan(300);
    const batch = await api('POST', '/api/v1/feedback/batch', {
      items: [
        { source: 'ticket', sourceId: 't-2', channel: 'chat', csat: 2 },
        { source: 'ticket', sourceId: 't-3', channel: 'chat', csat: 5 },
      ],
    });
    await process_();
    const rows = await ctx.db.sql<{ source_id: string; n: number }[]>`
      select f.source_id, count(c.id)::int as n from feedback f left join cases c on c.org_id = f.org_id and c.feedback_id = f.id
      where f.org_id = ${acme.org.id} and f.source = 'ticket' group by 1 order by 1`;
    expect(rows).toEqual([
      { source_id: 't-1', n: 1 },
      { source_id: 't-2', n: 1 },
      { source_id: 't-3', n: 0 },
    ]);
    expect(batch.statusCode).toBe(200);
  });

  it('imports', async () => {
    const file = path.join(dir, 'hist.jsonl');
    writeFileSync(
      file,
      [
        { s: 4, id: 'imp-1' },
        { s: 9, id: 'imp-2' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const status = await runImport(ctx.db.sql, acme.org.id, {
      kind: 'responses',
      file: { path: file },
      mapping: { surveyId: fixture.survey.id, columns: { s: 'answers.nps', id: 'contact.externalId' } },
      skipInvalid: false,
    });
    expect(status).toMatchObject({ status: 'done', imported: 2 });
    await process_();
    const rows = await ctx.db.sql<{ external_id: string; n: number }[]>`
      select p.external_id, count(c.id)::int as n from feedback f join contacts p on p.org_id = f.org_id and p.id = f.contact_id
        left join cases c on c.org_id = f.org_id and c.feedback_id = f.id
      where f.org_id = ${acme.org.id} and f.channel = 'import' group by 1 order by 1`;
    expect(rows).toEqual([
      { external_id: 'imp-1', n: 1 },
      { external_id: 'imp-2', n: 0 },
    ]);
  });

  it('the hosted page', async () => {
    let cookie = '';
    const first = await ctx.app.inject({ method: 'GET', url: `/s/${fixture.survey.id}` });
    cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const ft = /name="ft" value="([^"]*)"/.exec(first.body)?.[1] ?? '';
    const post = (fields: Record<string, string>) =>
      ctx.app.inject({
        method: 'POST',
        url: `/s/${fixture.survey.id}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await post({ ft, q: 'nps', nav: 'next', v: '5' })).statusCode).toBe(303);
    expect((await post({ ft, q: 'reason', nav: 'next', v: 'Hosted page complaint' })).statusCode).toBe(303);
    const [f] = await ctx.db.sql<{ id: string }[]>`
      select id from feedback where org_id = ${acme.org.id} and text = 'Hosted page complaint'`;
    expect(f).toBeDefined();
    await process_();
    expect(await casesFor(f!.id)).toHaveLength(1);
  });

  it('the website widget', async () => {
    const site = await api('POST', '/api/v1/widget/sites', {
      name: 'Shop',
      origins: ['https://shop.example.com'],
      surveys: [{ surveyId: fixture.survey.id, triggers: [{ type: 'exit' }] }],
    });
    expect(site.statusCode).toBe(201);
    const config = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/public/widget/${site.json().siteKey}/config`,
      headers: { origin: 'https://shop.example.com' },
    });
    const token = config.json().surveys[0].token as string;
    const payload = { surveyId: fixture.survey.id, token, answers: { nps: 3, reason: 'Widget complaint' } };
    const send = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/public/widget/${site.json().siteKey}/responses`,
        headers: { origin: 'https://shop.example.com' },
        payload,
      });
    expect((await send()).statusCode).toBe(201);
    expect((await send()).json().duplicate).toBe(true);
    await process_();
    const [f] = await ctx.db.sql<
      { id: string }[]
    >`select id from feedback where org_id = ${acme.org.id} and text = 'Widget complaint'`;
    expect(await casesFor(f!.id)).toHaveLength(1);
  });

  it('email one-click answers, clicked twice', async () => {
    const [contact] = await ctx.db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, email) values (${acme.org.id}, 'mail-1', 'mail1@example.com') returning id`;
    const oneQuestion = await createSurvey(ctx.db.sql, acme.org.id, {
      name: 'Email NPS',
      touchpointId: fixture.touchpoint.id,
      definition: { ...npsDefinition, questions: [npsDefinition.questions[0]!] },
    });
    const n = nonce();
    await ctx.db
      .sql`insert into invitations (org_id, survey_id, contact_id, channel, status, token_nonce, email)
      values (${acme.org.id}, ${oneQuestion.id}, ${contact!.id}, 'email', 'sent', ${n}, 'mail1@example.com')`;
    const token = await invitationToken(ctx.db.sql, acme.org.id, {
      surveyId: oneQuestion.id,
      contactId: contact!.id,
      tokenNonce: n,
    });
    const click = () =>
      ctx.app.inject({
        method: 'GET',
        url: `/e/${token}/2`,
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
      });
    expect((await click()).statusCode).toBeLessThan(400);
    await click();
    await process_();
    const rows = await ctx.db.sql<{ n: number }[]>`
      select count(c.id)::int as n from feedback f left join cases c on c.org_id = f.org_id and c.feedback_id = f.id
      where f.org_id = ${acme.org.id} and f.survey_id = ${oneQuestion.id}`;
    expect(rows[0]!.n).toBe(1);
  });

  it('a crash between commit and evaluation loses nothing: the row waits in case_intake until taken', async () => {
    const r = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 1 },
      channel: 'api',
    });
    // No worker ran yet (the process "crashed"): the row is there, durable with the feedback.
    const waiting = await ctx.db
      .sql`select 1 from case_intake where org_id = ${acme.org.id} and feedback_id = ${r.response.feedbackId}`;
    expect(waiting).toHaveLength(1);
    // An evaluation that failed is put off (not_before) and taken again once due.
    await ctx.db.sql`update case_intake set not_before = now() + interval '1 hour', failures = 1
      where feedback_id = ${r.response.feedbackId}`;
    await process_();
    expect(await casesFor(r.response.feedbackId)).toHaveLength(0);
    await ctx.db.sql`update case_intake set not_before = now() where feedback_id = ${r.response.feedbackId}`;
    await process_();
    expect(await casesFor(r.response.feedbackId)).toHaveLength(1);
    // A replay of the same record (a row written again by hand) never opens a second case.
    await ctx.db
      .sql`insert into case_intake (org_id, feedback_id) values (${acme.org.id}, ${r.response.feedbackId})`;
    await process_();
    expect(await casesFor(r.response.feedbackId)).toHaveLength(1);
  });
});

describe('routing', () => {
  it('round robin walks the team members in turn', async () => {
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
        answers: { nps: 0 },
        channel: 'api',
      });
      await process_();
      owners.push((await casesFor(r.response.feedbackId))[0]!.owner_id!);
    }
    // Each member gets two of six, in a fixed cycle.
    expect(owners.slice(0, 3).sort()).toEqual(members);
    expect(owners.slice(3)).toEqual(owners.slice(0, 3));
  });

  it('least loaded picks the member with the fewest open cases', async () => {
    const rules = (await api('GET', '/api/v1/case-rules')).json().items as Array<{
      id: string;
      name: string;
    }>;
    const detractors = rules.find((r) => r.name === 'Detractors')!;
    const p = await api('PATCH', `/api/v1/case-rules/${detractors.id}`, {
      assign: { strategy: 'least_loaded' },
    });
    expect(p.statusCode).toBe(200);
    expect(p.json()).toMatchObject({
      priority: 'high',
      slaHours: 24,
      enabled: true,
      assign: { strategy: 'least_loaded', teamId: null },
    });
    // Close every open case of the first member: they become the least loaded.
    await ctx.db
      .sql`update cases set status = 'closed', closed_at = now() where org_id = ${acme.org.id} and owner_id = ${members[0]!}`;
    const r = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 0 },
      channel: 'api',
    });
    await process_();
    expect((await casesFor(r.response.feedbackId))[0]!.owner_id).toBe(members[0]);
  });

  it('a rule naming a user assigns that user; contact attribute rules use the segment syntax', async () => {
    const boss = (await createTestUser(ctx.db.sql, acme.org.id, 'admin')).user.id;
    const vip = await api('POST', '/api/v1/case-rules', {
      name: 'VIP',
      position: 0,
      when: { rules: { attribute: 'plan', op: 'eq', value: 'enterprise' } },
      assign: { userId: boss },
      priority: 'urgent',
      slaHours: 2,
    });
    expect(vip.statusCode).toBe(201);
    const big = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 9 },
      channel: 'api',
      contact: { externalId: 'vip-1', attributes: { plan: 'enterprise' } },
    });
    const small = await submitResponse(ctx.db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 9 },
      channel: 'api',
      contact: { externalId: 'small-1', attributes: { plan: 'free' } },
    });
    await process_();
    expect((await casesFor(big.response.feedbackId))[0]).toMatchObject({
      owner_id: boss,
      priority: 'urgent',
      team_id: team.id,
    });
    expect(await casesFor(small.response.feedbackId)).toHaveLength(0);
    await api('DELETE', `/api/v1/case-rules/${vip.json().id}`);
  });
});

describe('rules on sentiment and themes wait for the comment enrichment', () => {
  it('evaluates after enrichment, and matches keywords', async () => {
    const other = await createTestOrg(ctx.db.sql, 'Sentio');
    const s = await createTestSurvey(ctx.db.sql, other.org.id);
    const rule = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/case-rules',
      headers: other.headers,
      payload: { name: 'Negative comments', when: { sentiment: 'negative' }, slaHours: 4 },
    });
    expect(rule.statusCode).toBe(201);
    const kw = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/case-rules',
      headers: other.headers,
      payload: {
        name: 'Legal words',
        when: { keywords: ['lawyer', 'chargeback'] },
        slaHours: 4,
        priority: 'urgent',
      },
    });
    expect(kw.statusCode).toBe(201);
    const bad = await submitResponse(ctx.db.sql, other.org.id, s.survey.id, {
      answers: { nps: 9, reason: 'Terrible, awful, rude staff. I hate this horrible service.' },
      channel: 'api',
    });
    const legal = await submitResponse(ctx.db.sql, other.org.id, s.survey.id, {
      answers: { nps: 9, reason: 'My Lawyer will call you.' },
      channel: 'api',
    });
    // Before enrichment nothing is evaluated.
    expect(await processCaseIntake(ctx.db.sql, jobs, { orgId: other.org.id })).toBe(0);
    await jobs.drain([enrichFeedbackJob as never]);
    await processCaseIntake(ctx.db.sql, jobs, { orgId: other.org.id });
    const opened = await ctx.db.sql<{ feedback_id: string; priority: string }[]>`
      select feedback_id, priority from cases where org_id = ${other.org.id} order by priority`;
    expect(opened).toEqual(
      expect.arrayContaining([
        { feedback_id: bad.response.feedbackId, priority: 'normal' },
        { feedback_id: legal.response.feedbackId, priority: 'urgent' },
      ]),
    );
  });
});
