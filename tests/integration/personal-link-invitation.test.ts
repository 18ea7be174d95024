// A personal link made for a contact is recorded as an invitation of the 'link' channel: it counts toward
// the contact-frequency rules (a second link, or a campaign email over SMTP, within the window is refused
// with the rule named) and shows in the per-channel response rates, responded once answered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_JOBS, useMail } from '../../src/listen/channels/email/index.js';
import { createSurvey } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, npsDefinition, type TestOrg } from '../support/factories.js';
import { startSmtpReceiver } from '../support/receivers.js';

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let outbox: string;
let acme: TestOrg;
let surveyId: string;
let otherSurveyId: string;
const ids: Record<string, string> = {};
const RULE = 'frequency rule: at most 1 per 30 days (all surveys)';

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  outbox = mkdtempSync(path.join(tmpdir(), 'northstar-personal-'));
  useMail({
    smtpUrl: smtp.url,
    outboxDir: outbox,
    from: 'Acme <surveys@acme.test>',
    publicUrl: 'http://s.test',
  });
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs, checkResponses: true });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  surveyId = (await createSurvey(db.sql, acme.org.id, { name: 'NPS', definition: npsDefinition })).id;
  otherSurveyId = (await createSurvey(db.sql, acme.org.id, { name: 'Other', definition: npsDefinition })).id;
  for (const [key, email] of Object.entries({ ada: 'ada@example.com', bob: 'bob@example.com' }))
    ids[key] = (await api('POST', '/api/v1/contacts', { email, name: key })).json().id;
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
  await smtp.close();
  rmSync(outbox, { recursive: true, force: true });
});

function api(method: 'GET' | 'POST', url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    headers: acme.headers,
    ...(payload ? { payload: payload as never } : {}),
  });
}
const link = (survey: string, contactId?: string) =>
  api('POST', `/api/v1/surveys/${survey}/links`, contactId ? { contactId } : {});
const invitations = () =>
  db.sql<
    {
      contact_id: string;
      survey_id: string;
      channel: string;
      source: string;
      status: string;
      token_nonce: string | null;
    }[]
  >`
    select contact_id, survey_id, channel, source, status, token_nonce from invitations
    where org_id = ${acme.org.id} order by queued_at, contact_id`;

describe('a personal link for a contact', () => {
  it('is recorded as a sent invitation of the link channel, tied to its token', async () => {
    const res = await link(surveyId, ids.ada);
    expect(res.statusCode).toBe(201);
    const token = new URL(res.json().path, 'http://x').searchParams.get('t')!;
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { n: string };
    expect(await invitations()).toEqual([
      {
        contact_id: ids.ada,
        survey_id: surveyId,
        channel: 'link',
        source: 'personal',
        status: 'sent',
        token_nonce: payload.n,
      },
    ]);
    // A link for anyone is no invitation.
    expect((await link(surveyId)).statusCode).toBe(201);
    expect(await invitations()).toHaveLength(1);
  });

  it('counts toward a frequency rule: a second link or an email in the window is refused, naming the rule', async () => {
    const rule = await api('POST', '/api/v1/frequency-rules', { maxInvitations: 1, windowDays: 30 });
    expect(rule.statusCode).toBe(201);
    const again = await link(otherSurveyId, ids.ada);
    expect(again.statusCode).toBe(400);
    expect(again.json().invalid_params).toEqual([
      { name: 'contactId', reason: `this contact may not be asked now: ${RULE}` },
    ]);
    // Bob has had nothing: his link is made (and is now his one invitation of the month).
    expect((await link(otherSurveyId, ids.bob)).statusCode).toBe(201);
    expect((await link(surveyId, ids.bob)).statusCode).toBe(400);

    // A campaign to both, sent over SMTP: both are suppressed by the rule, no message goes out.
    const carol = (
      await api('POST', '/api/v1/contacts', { email: 'carol@example.com', name: 'carol' })
    ).json();
    const list = (await api('POST', '/api/v1/contact-lists', { name: 'All' })).json();
    await api('POST', `/api/v1/contact-lists/${list.id}/members`, {
      contactIds: [ids.ada, ids.bob, carol.id],
    });
    const campaign = await api('POST', '/api/v1/campaigns', {
      surveyId,
      name: 'Spring',
      audience: { listId: list.id },
      subject: 'A minute?',
    });
    expect(campaign.statusCode).toBe(201);
    expect((await api('POST', `/api/v1/campaigns/${campaign.json().id}/launch`)).statusCode).toBe(202);
    await jobs.drain(EMAIL_JOBS as never);
    const rows = await db.sql<{ contact_id: string; status: string; reason: string | null }[]>`
      select contact_id, status, reason from invitations where campaign_id = ${campaign.json().id}`;
    const byContact = Object.fromEntries(rows.map((r) => [r.contact_id, [r.status, r.reason]]));
    expect(byContact).toEqual({
      [ids.ada!]: ['suppressed', RULE],
      [ids.bob!]: ['suppressed', RULE],
      [carol.id]: ['sent', null],
    });
    expect(smtp.inbox.flatMap((m) => m.to)).toEqual(['carol@example.com']);
  });

  it('shows in the per-channel response rates, responded once answered through the link', async () => {
    const before = (await api('GET', `/api/v1/response-rates?survey=${surveyId}`)).json().items as {
      channel: string;
      invited: number;
      responded: number;
    }[];
    expect(before.find((r) => r.channel === 'link')).toMatchObject({ invited: 1, responded: 0 });

    // Ada answers through her link (made before the rule; a fresh row for a fresh window).
    await db.sql`delete from contact_frequency_rules where org_id = ${acme.org.id}`;
    const res = await link(surveyId, ids.ada);
    const pathTo = res.json().path as string;
    const t = new URL(pathTo, 'http://x').searchParams.get('t')!;
    const page = await app.inject({ method: 'GET', url: pathTo });
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    const ft = /name="ft" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
    const done = await app.inject({
      method: 'POST',
      url: `/s/${surveyId}/complete`,
      headers: { cookie },
      payload: { ft, t, answers: { nps: 9 } },
    });
    expect(done.json()).toEqual({ status: 'completed' });
    const after = (await api('GET', `/api/v1/response-rates?survey=${surveyId}`)).json().items as {
      channel: string;
      invited: number;
      responded: number;
      rr1: number;
    }[];
    const linkRate = after.find((r) => r.channel === 'link');
    // Independently: the link invitations of the survey and how many of them are responded.
    const [counted] = await db.sql<{ invited: number; responded: number }[]>`
      select count(*)::int as invited, count(*) filter (where status = 'responded')::int as responded
      from invitations where org_id = ${acme.org.id} and survey_id = ${surveyId} and channel = 'link'`;
    expect(counted).toEqual({ invited: 2, responded: 1 });
    expect(linkRate).toMatchObject({ invited: 2, responded: 1, rr1: 0.5 });
  });

  it('lets only one of several links made at once for the same contact pass a rule of one', async () => {
    expect(
      (await api('POST', '/api/v1/frequency-rules', { maxInvitations: 1, windowDays: 7 })).statusCode,
    ).toBe(201);
    const dan = (await api('POST', '/api/v1/contacts', { email: 'dan@example.com', name: 'dan' })).json();
    const results = await Promise.all(Array.from({ length: 10 }, () => link(surveyId, dan.id)));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array(9).fill(400)]);
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from invitations where org_id = ${acme.org.id} and contact_id = ${dan.id}`;
    expect(row!.n).toBe(1);
  });
});
