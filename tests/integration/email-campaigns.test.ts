import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailer,
  EMAIL_JOBS,
  invitationToken,
  sendRemindersJob,
  useMail,
} from '../../src/listen/channels/email/index.js';
import { submitResponse } from '../../src/listen/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, type TestOrg } from '../support/factories.js';

interface Delivered {
  to: string[];
  raw: string;
}

let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: SMTPServer;
let outbox: string;
const inbox: Delivered[] = [];
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce@')) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => {
        raw += c.toString('utf8');
      });
      stream.on('end', () => {
        // Unfold long header lines so tests can match them whole.
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: raw.replace(/\r?\n[ \t]+/g, ' '),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  outbox = mkdtempSync(path.join(tmpdir(), 'northstar-outbox-'));
  useMail({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    outboxDir: outbox,
    from: 'Acme <surveys@acme.test>',
    publicUrl: 'http://surveys.acme.test',
  });
  db = await createTestDatabase();
  jobs = new JobQueue({ sql: db.sql, log: createLogger('silent') });
  app = await buildApp({ sql: db.sql, logger: createLogger(process.env.TEST_LOG ?? 'silent'), jobs });
  await app.ready();
  acme = await createTestOrg(db.sql, 'Acme');
  fixture = await createTestSurvey(db.sql, acme.org.id);
});
afterAll(async () => {
  await app.close();
  await jobs.stop();
  await db.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(outbox, { recursive: true, force: true });
});

const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });

/** The text part of a delivered message, quoted-printable decoded. */
function textOf(raw: string): string {
  const unfolded = raw.replace(/=\r?\n/g, '');
  return unfolded.replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}
const tokenIn = (raw: string) => /\/e\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\/unsubscribe/.exec(textOf(raw))?.[1];
const messageTo = (email: string) => inbox.find((m) => m.to.includes(email));

async function contacts(
  specs: Array<{ externalId: string; email?: string; consent?: Record<string, boolean> }>,
) {
  const res = await api('POST', '/api/v1/contacts/batch', { items: specs });
  expect(res.json().summary.invalid).toBe(0);
  return res.json().results.map((r: { id: string }) => r.id) as string[];
}

describe('email campaigns', () => {
  let campaignId: string;
  let ids: string[];

  it('queues invitations for a list, suppressing opted-out, address-less and over-contacted contacts', async () => {
    ids = await contacts([
      { externalId: 'a', email: 'ann@example.com' },
      { externalId: 'b', email: 'bob@example.com' },
      { externalId: 'x', email: 'bounce@example.com' },
      { externalId: 'u', email: 'uma@example.com', consent: { email: false } },
      { externalId: 'n' },
      { externalId: 'f', email: 'fay@example.com' },
    ]);
    // Fay was invited to another survey a week ago; the global rule allows one per 30 days.
    const other = await createTestSurvey(db.sql, acme.org.id);
    await db.sql`insert into invitations (org_id, survey_id, contact_id, channel, source, status, queued_at)
      values (${acme.org.id}, ${other.survey.id}, ${ids[5]!}, 'email', 'trigger', 'sent', now() - interval '7 days')`;
    expect(
      (await api('POST', '/api/v1/frequency-rules', { maxInvitations: 1, windowDays: 30 })).statusCode,
    ).toBe(201);
    const list = (await api('POST', '/api/v1/contact-lists', { name: 'Q4 panel' })).json();
    expect(
      (await api('POST', `/api/v1/contact-lists/${list.id}/members`, { contactIds: ids })).json(),
    ).toEqual({
      added: 6,
    });
    const created = await api('POST', '/api/v1/campaigns', {
      surveyId: fixture.survey.id,
      name: 'Q4 relationship NPS',
      audience: { listId: list.id },
      subject: { en: 'How are we doing?' },
      intro: 'One click is all it takes.',
      reminderAfterHours: 72,
      maxReminders: 1,
    });
    if (created.statusCode !== 201) console.error(created.body);
    expect(created.statusCode).toBe(201);
    campaignId = created.json().id;
    const launched = await api('POST', `/api/v1/campaigns/${campaignId}/launch`);
    expect(launched.statusCode).toBe(202);
    expect(launched.json()).toEqual({ queued: 3, suppressed: 3 });
    const suppressed = (
      await api('GET', `/api/v1/campaigns/${campaignId}/invitations?status=suppressed`)
    ).json();
    expect(suppressed.items.map((i: { reason: string }) => i.reason).sort()).toEqual([
      'frequency rule: at most 1 per 30 days (all surveys)',
      'no email address',
      'unsubscribed from email',
    ]);
    expect((await api('POST', `/api/v1/campaigns/${campaignId}/launch`)).statusCode).toBe(409);
  });

  it('sends over SMTP with the first question as one-click links; a refused address is a bounce', async () => {
    await jobs.drain(EMAIL_JOBS as never);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    const ann = messageTo('ann@example.com')!;
    expect(ann.raw).toMatch(/^Subject: How are we doing\?/m);
    expect(ann.raw).toMatch(/^List-Unsubscribe: <http:\/\/surveys\.acme\.test\/e\/.+\/unsubscribe>/m);
    expect(ann.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    const text = textOf(ann.raw);
    const token = tokenIn(ann.raw)!;
    for (let v = 0; v <= 10; v++) expect(text).toContain(`${v}: http://surveys.acme.test/e/${token}/${v}`);
    expect(text).toContain(`/e/${token}/open.gif`);
    const counts = (await api('GET', `/api/v1/campaigns/${campaignId}`)).json().counts;
    expect(counts).toMatchObject({ sent: 2, bounced: 1, suppressed: 3, queued: 0 });
  });

  it('records one click once (idempotent per invitation) and opens the rest of the survey at question 2', async () => {
    const token = tokenIn(messageTo('ann@example.com')!.raw)!;
    const first = await app.inject({ method: 'GET', url: `/e/${token}/9` });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/s/${fixture.survey.id}?t=${encodeURIComponent(token)}`);
    await app.inject({ method: 'GET', url: `/e/${token}/9` });
    const rows =
      await db.sql`select r.answers, r.channel, f.nps from responses r join feedback f on f.response_id = r.id
      where r.org_id = ${acme.org.id} and r.contact_id = ${ids[0]!}`;
    expect(rows).toEqual([{ answers: { nps: 9 }, channel: 'email', nps: 9 }]);
    const page = await app.inject({ method: 'GET', url: first.headers.location as string });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Why?');
    expect((await app.inject({ method: 'GET', url: `/e/${token}/11` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: `/e/${token.slice(0, -2)}xx/5` })).statusCode).toBe(403);
  });

  it('marks opens from the pixel, reminds only non-responders, and honours unsubscribe everywhere', async () => {
    const bobToken = tokenIn(messageTo('bob@example.com')!.raw)!;
    const pixel = await app.inject({ method: 'GET', url: `/e/${bobToken}/open.gif` });
    expect(pixel.headers['content-type']).toBe('image/gif');
    const before = inbox.length;
    await jobs.enqueue(sendRemindersJob, { orgId: acme.org.id, campaignId, round: 1 });
    await jobs.drain([sendRemindersJob] as never);
    const reminders = inbox.slice(before);
    expect(reminders.map((m) => m.to[0])).toEqual(['bob@example.com']);
    expect(textOf(reminders[0]!.raw)).toContain('A reminder');
    const byEmail = Object.fromEntries(
      (await api('GET', `/api/v1/campaigns/${campaignId}/invitations`))
        .json()
        .items.map((i: { email: string; status: string; remindersSent: number }) => [i.email, i]),
    );
    expect(byEmail['ann@example.com']).toMatchObject({ status: 'responded' });
    expect(byEmail['bob@example.com']).toMatchObject({ status: 'opened', remindersSent: 1 });
    expect(byEmail['bounce@example.com']).toMatchObject({ status: 'bounced' });

    const confirm = await app.inject({ method: 'GET', url: `/e/${bobToken}/unsubscribe` });
    expect(confirm.body).toContain('<form method="post">');
    const done = await app.inject({ method: 'POST', url: `/e/${bobToken}/unsubscribe` });
    expect(done.statusCode).toBe(200);
    const [bob] = await db.sql`select consent from contacts where id = ${ids[1]!}`;
    expect(bob!.consent).toEqual({ email: false });
    // A later campaign to everyone suppresses Bob with the reason.
    const again = await api('POST', '/api/v1/campaigns', {
      surveyId: fixture.survey.id,
      name: 'Follow-up',
      audience: { rules: { field: 'email', op: 'ends_with', value: '@example.com' } },
      subject: 'Again',
    });
    await api('POST', `/api/v1/campaigns/${again.json().id}/launch`);
    const [inv] =
      await db.sql`select status, reason from invitations where campaign_id = ${again.json().id} and contact_id = ${ids[1]!}`;
    expect(inv).toEqual({ status: 'suppressed', reason: 'unsubscribed from email' });
  });

  it('keeps one response per invitation when the survey page completes after the one click', async () => {
    const [inv] = await db.sql<{ id: string; nonce: string; responseId: string }[]>`
      select id, token_nonce as nonce, response_id as "responseId" from invitations
      where campaign_id = ${campaignId} and contact_id = ${ids[0]!}`;
    // What the hosted page submits on completion for this personal token.
    const { response } = await submitResponse(db.sql, acme.org.id, fixture.survey.id, {
      answers: { nps: 9, reason: 'Quick answers' },
      contact: { id: ids[0]! },
      channel: 'link',
      idempotencyKey: `hosted:p:${inv!.nonce}`,
    });
    const rows =
      await db.sql`select id from responses where org_id = ${acme.org.id} and contact_id = ${ids[0]!}`;
    expect(rows.map((r) => r.id)).toEqual([response.id]);
    const [after] = await db.sql`select status, response_id from invitations where id = ${inv!.id}`;
    expect(after).toEqual({ status: 'responded', response_id: response.id });
  });

  it('reports AAPOR RR1 per survey and channel', async () => {
    const res = await api('GET', `/api/v1/response-rates?survey=${fixture.survey.id}`);
    const [rate] = res.json().items;
    // first campaign: 1 responded, 1 opened, 1 bounced, 3 suppressed; follow-up: Ann and Fay queued... see counts
    expect(rate).toMatchObject({ surveyId: fixture.survey.id, channel: 'email', responded: 1 });
    expect(rate.rr1).toBeCloseTo(
      rate.responded / (rate.responded + rate.noResponse + rate.bounced + rate.suppressed),
      10,
    );
    expect(rate.rr1Contacted).toBeCloseTo(1 / 3, 10);
  });
});

describe('one-click links and mail scanners', () => {
  // A fresh invitation with its personal token, as the email carries it.
  const invite = async (name: string) => {
    const [c] = await db.sql<{ id: string }[]>`
      insert into contacts (org_id, external_id, email) values (${acme.org.id}, ${name}, ${`${name}@example.com`})
      returning id`;
    const tokenNonce = `nonce-${name}`;
    const [inv] = await db.sql<{ id: string }[]>`
      insert into invitations (org_id, survey_id, contact_id, channel, source, status, token_nonce, email, sent_at)
      values (${acme.org.id}, ${fixture.survey.id}, ${c!.id}, 'email', 'campaign', 'sent', ${tokenNonce},
        ${`${name}@example.com`}, now())
      returning id`;
    const token = await invitationToken(db.sql, acme.org.id, {
      surveyId: fixture.survey.id,
      contactId: c!.id,
      tokenNonce,
    });
    const state = async () => {
      const [row] = await db.sql<{ status: string; scanned: boolean; answers: unknown[] }[]>`
        select i.status, i.one_click_scanned_at is not null as scanned,
          coalesce((select array_agg(r.answers) from responses r
            where r.org_id = i.org_id and r.contact_id = i.contact_id), '{}') as answers
        from invitations i where i.id = ${inv!.id}`;
      return row!;
    };
    return { token, state };
  };
  const browser = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' };

  it('records nothing for HEAD, prefetch or scanner requests, and asks for a confirmation instead', async () => {
    const { token, state } = await invite('scan-a');
    expect((await app.inject({ method: 'HEAD', url: `/e/${token}/0`, headers: browser })).statusCode).toBe(
      200,
    );
    const prefetch = await app.inject({
      method: 'GET',
      url: `/e/${token}/0`,
      headers: { ...browser, 'sec-purpose': 'prefetch' },
    });
    expect(prefetch.body).toContain('<form method="post">');
    const scanner = await app.inject({
      method: 'GET',
      url: `/e/${token}/0`,
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))' },
    });
    expect(scanner.statusCode).toBe(200);
    expect(scanner.body).toContain('Confirm your answer');
    expect((await state()).answers).toEqual([]);
    const confirmed = await app.inject({ method: 'POST', url: `/e/${token}/6`, headers: browser });
    expect(confirmed.statusCode).toBe(303);
    expect(await state()).toEqual({ status: 'responded', scanned: false, answers: [{ nps: 6 }] });
  });

  it('withdraws an answer when every score is followed within seconds, then waits for a confirmation', async () => {
    const { token, state } = await invite('scan-b');
    const first = await app.inject({ method: 'GET', url: `/e/${token}/0`, headers: browser });
    expect(first.statusCode).toBe(303);
    expect((await state()).answers).toEqual([{ nps: 0 }]);
    for (let v = 1; v <= 10; v++) {
      const res = await app.inject({ method: 'GET', url: `/e/${token}/${v}`, headers: browser });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Confirm your answer');
    }
    expect(await state()).toEqual({ status: 'opened', scanned: true, answers: [] });
    // Nor does the survey page carry the scanner's score over.
    const [session] = await db.sql<{ answers: Record<string, unknown> }[]>`
      select answers from respondent_sessions where session_key = 'p:nonce-scan-b'`;
    expect(session?.answers ?? {}).toEqual({});
    // The recipient's own click, confirmed, is recorded.
    expect((await app.inject({ method: 'POST', url: `/e/${token}/8`, headers: browser })).statusCode).toBe(
      303,
    );
    expect(await state()).toMatchObject({ status: 'responded', answers: [{ nps: 8 }] });
  });

  it('keeps a person’s answer when they click another score later', async () => {
    const { token, state } = await invite('scan-c');
    expect((await app.inject({ method: 'GET', url: `/e/${token}/8`, headers: browser })).statusCode).toBe(
      303,
    );
    await db.sql`update responses set submitted_at = now() - interval '10 minutes'
      where org_id = ${acme.org.id} and idempotency_key like 'invitation:%' and answers = '{"nps": 8}'
        and contact_id = (select id from contacts where external_id = 'scan-c' and org_id = ${acme.org.id})`;
    expect((await app.inject({ method: 'GET', url: `/e/${token}/3`, headers: browser })).statusCode).toBe(
      303,
    );
    expect(await state()).toEqual({ status: 'responded', scanned: false, answers: [{ nps: 8 }] });
  });
});

describe('without SMTP', () => {
  it('writes outgoing mail to the outbox folder', async () => {
    const mailer = createMailer({ smtpUrl: undefined, outboxDir: path.join(outbox, 'box') });
    expect(mailer.describe).toBe(`outbox ${path.join(outbox, 'box')}`);
    await mailer.send({
      to: 'x@example.com',
      from: 'a@b.c',
      subject: 'Hi',
      html: '<p>Hi</p>',
      text: 'Hi',
      tag: 'one',
    });
    expect(existsSync(path.join(outbox, 'box'))).toBe(true);
    const [file] = readdirSync(path.join(outbox, 'box'));
    expect(readFileSync(path.join(outbox, 'box', file!), 'utf8')).toMatch(/^Subject: Hi/m);
  });
});
