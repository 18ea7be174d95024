import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_JOBS } from '../../src/listen/channels/email/index.js';
import type { JobQueue } from '../../src/platform/jobs/index.js';
import type { TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';
import { createMailTestApp, type MailTestApp } from '../support/mail-app.js';
import { type startSmtpReceiver, textOf } from '../support/receivers.js';

let mail: MailTestApp;
let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let acme: TestOrg;
let target: Awaited<ReturnType<typeof createTestSurvey>>;
let control: Awaited<ReturnType<typeof createTestSurvey>>;
let initiativeId = '';
const contact: Record<string, string> = {};

const DAY = 86_400_000;
const start = new Date(Date.now() - 28 * DAY).toISOString().slice(0, 10);
const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });

beforeAll(async () => {
  mail = await createMailTestApp('Acme <cx@acme.test>');
  ({ db, app, jobs, smtp } = mail);
  acme = await createTestOrg(db.sql, 'Acme');
  target = await createTestSurvey(db.sql, acme.org.id);
  control = await createTestSurvey(db.sql, acme.org.id);

  // Anonymous baseline: 20 answers a week at each touchpoint, 8 weeks before the start and 4 after.
  const rows = [];
  for (let week = -8; week < 4; week++) {
    for (let i = 0; i < 40; i++) {
      const tp = i < 20 ? target : control;
      rows.push({
        touchpointId: tp.touchpoint.id,
        surveyId: tp.survey.id,
        nps: [10, 9, 8, 7, 6, 3][i % 6]!,
        occurredAt: new Date(Date.parse(start) + week * 7 * DAY + (i % 7) * DAY + 3_600_000),
      });
    }
  }
  await insertFeedback(db.sql, acme.org.id, rows);

  const people = [
    { externalId: 'ann', email: 'ann@example.com' }, // answered the target before the start
    { externalId: 'bob', email: 'bob@example.com' }, // complained about delivery elsewhere before the start
    { externalId: 'uma', email: 'uma@example.com', consent: { email: false } }, // target before, opted out
    { externalId: 'fay', email: 'fay@example.com' }, // target before, invited a week ago
    { externalId: 'carl', email: 'carl@example.com' }, // control only, no theme
    { externalId: 'dan', email: 'dan@example.com' }, // target after the start only
  ];
  const res = await api('POST', '/api/v1/contacts/batch', { items: people });
  expect(res.json().summary.invalid).toBe(0);
  res.json().results.forEach((r: { id: string }, i: number) => {
    contact[people[i]!.externalId] = r.id;
  });
  const said = async (
    who: string,
    tp: typeof target,
    daysFromStart: number,
    text: string | null,
    theme?: string,
  ) => {
    await db.sql`
      insert into feedback (org_id, source, source_id, channel, occurred_at, survey_id, touchpoint_id, contact_id, nps, text, enrichment)
      values (${acme.org.id}, 'api', ${`said-${who}`}, 'web', ${new Date(Date.parse(start) + daysFromStart * DAY)},
        ${tp.survey.id}, ${tp.touchpoint.id}, ${contact[who]!}, 4, ${text},
        ${theme ? db.sql.json({ themeIds: [theme] } as never) : null})`;
  };
  await said('ann', target, -20, null);
  await said('bob', control, -10, 'The parcel came a week late', 'delivery');
  await said('uma', target, -15, null);
  await said('fay', target, -5, null);
  await said('carl', control, -12, 'Fine', 'staff');
  await said('dan', target, 3, null);

  const other = await createTestSurvey(db.sql, acme.org.id);
  await db.sql`insert into invitations (org_id, survey_id, contact_id, channel, source, status, queued_at)
    values (${acme.org.id}, ${other.survey.id}, ${contact.fay!}, 'email', 'trigger', 'sent', now() - interval '7 days')`;
  expect(
    (await api('POST', '/api/v1/frequency-rules', { maxInvitations: 1, windowDays: 30 })).statusCode,
  ).toBe(201);

  const created = await api('POST', '/api/v1/initiatives', {
    title: 'Callback within the hour',
    metric: 'nps',
    touchpointIds: [target.touchpoint.id],
    controlTouchpointIds: [control.touchpoint.id],
    themes: ['delivery'],
    startedAt: start,
  });
  expect(created.statusCode, created.body).toBe(201);
  initiativeId = created.json().id;
}, 60_000);

afterAll(async () => {
  await mail?.close();
});

describe('initiative follow-up ("you said, we did")', () => {
  it('refuses bad input naming the field', async () => {
    const url = `/api/v1/initiatives/${initiativeId}/follow-up`;
    const noMessage = await api('POST', url, {});
    expect(noMessage.statusCode).toBe(400);
    expect(noMessage.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(noMessage.json())).toContain('message');
    const elsewhere = await api('POST', url, { message: 'We changed it', surveyId: control.survey.id });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().invalid_params).toEqual([expect.objectContaining({ name: 'surveyId' })]);
  });

  let campaignId = '';
  it('invites who raised the theme or answered the touchpoint before the start, less opted-out and over-contacted', async () => {
    const res = await api('POST', `/api/v1/initiatives/${initiativeId}/follow-up`, {
      message: 'You told us callbacks took too long. We now call back within the hour.',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    campaignId = body.campaignId;
    expect(body).toMatchObject({
      surveyId: target.survey.id,
      recipients: 4,
      queued: 2,
      suppressed: 2,
      warnings: [],
    });
    const invited = (await api('GET', `/api/v1/campaigns/${campaignId}/invitations`)).json().items;
    const byEmail = Object.fromEntries(
      invited.map((i: { email: string; status: string; reason: string | null }) => [i.email, i]),
    );
    expect(Object.keys(byEmail).sort()).toEqual([
      'ann@example.com',
      'bob@example.com',
      'fay@example.com',
      'uma@example.com',
    ]);
    expect(byEmail['uma@example.com']).toMatchObject({
      status: 'suppressed',
      reason: 'unsubscribed from email',
    });
    expect(byEmail['fay@example.com']).toMatchObject({
      status: 'suppressed',
      reason: expect.stringMatching(/^frequency rule/),
    });

    await jobs.drain(EMAIL_JOBS as never);
    expect(smtp.inbox.map((m) => m.to[0]).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    const text = textOf(smtp.inbox.find((m) => m.to.includes('ann@example.com'))!.raw);
    expect(text).toContain('We now call back within the hour.');
    expect(text).toMatch(/^Subject: You said, we did: Callback within the hour/m);
    for (let v = 0; v <= 10; v++)
      expect(text).toMatch(new RegExp(`${v}: http://cx\\.acme\\.test/e/[\\w.-]+/${v}`));
  });

  it("stores a one-click answer at the targeted touchpoint and counts it in the effect's after", async () => {
    const before = (await api('GET', `/api/v1/initiatives/${initiativeId}/effect`)).json();
    expect(before.method).toBe('did');
    const text = textOf(smtp.inbox.find((m) => m.to.includes('ann@example.com'))!.raw);
    const link = /http:\/\/cx\.acme\.test(\/e\/[\w.-]+\/10)\b/.exec(text)![1]!;
    const click = await app.inject({ method: 'GET', url: link, headers: { 'user-agent': 'Mozilla/5.0' } });
    expect(click.statusCode).toBe(303);
    const [stored] = await db.sql`
      select touchpoint_id as "touchpointId", nps from feedback
      where org_id = ${acme.org.id} and contact_id = ${contact.ann!} and occurred_at > now() - interval '1 minute'`;
    expect(stored).toEqual({ touchpointId: target.touchpoint.id, nps: 10 });
    const after = (await api('GET', `/api/v1/initiatives/${initiativeId}/effect`)).json();
    expect(after.after.n).toBe(before.after.n + 1);
    expect(after.before.n).toBe(before.before.n);
    expect(after.control.after.n).toBe(before.control.after.n);
    const list = (await api('GET', `/api/v1/initiatives/${initiativeId}/follow-ups`)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ campaignId, counts: { responded: 1, sent: 1, suppressed: 2 } });
  });
});
