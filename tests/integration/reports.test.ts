import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSendJob } from '../../src/act/reports/index.js';
import type { JobQueue } from '../../src/platform/jobs/index.js';
import { summariseNps } from '../../src/understand/stats/index.js';
import type { TestDatabase } from '../support/db.js';
import { createTestOrg, createTestSurvey, insertFeedback, type TestOrg } from '../support/factories.js';
import { createMailTestApp, type MailTestApp } from '../support/mail-app.js';
import type { startSmtpReceiver } from '../support/receivers.js';

let mail: MailTestApp;
let db: TestDatabase;
let app: FastifyInstance;
let jobs: JobQueue;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let acme: TestOrg;
let fixture: Awaited<ReturnType<typeof createTestSurvey>>;
let teamId = '';
let reportId = '';

const DAY = 86_400_000;
const today = () => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: acme.headers, ...(payload ? { payload: payload as never } : {}) });
const flat = (s: string) => s.replace(/\s+/g, ' ');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return flat(text);
}

/** The PDF attached to a received message, decoded from its base64 part. */
function attachedPdf(raw: string): Uint8Array | null {
  const m = /Content-Type: application\/pdf[^\n]*\n(?:[^\n]+\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  return m ? new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')) : null;
}

// This week at the team's touchpoint: 25 promoters, 10 passives, 5 detractors (NPS 50); the week
// before: 10, 10, 20 (NPS -25) - a significant move up.
const THIS_WEEK = { promoters: 25, passives: 10, detractors: 5 };
const LAST_WEEK = { promoters: 10, passives: 10, detractors: 20 };

beforeAll(async () => {
  mail = await createMailTestApp('Acme CX <cx@acme.test>');
  ({ db, app, jobs, smtp } = mail);
  acme = await createTestOrg(db.sql, 'Acme');
  fixture = await createTestSurvey(db.sql, acme.org.id);
  const tp = fixture.touchpoint.id;
  const rows = (counts: typeof THIS_WEEK, daysAgo: number) =>
    [
      ...Array.from({ length: counts.promoters }, () => 10),
      ...Array.from({ length: counts.passives }, () => 8),
      ...Array.from({ length: counts.detractors }, () => 2),
    ].map((nps, i) => ({
      touchpointId: tp,
      surveyId: fixture.survey.id,
      nps,
      occurredAt: new Date(today() - daysAgo * DAY + (i + 1) * 60_000),
      text: i % 2 === 0 ? (nps >= 9 ? 'Friendly staff' : 'Delivery was late') : null,
    }));
  await insertFeedback(db.sql, acme.org.id, [...rows(THIS_WEEK, 3), ...rows(LAST_WEEK, 10)]);
  // Comments: promoters praise the staff, the others complain about delivery.
  for (const [theme, text] of [
    ['delivery', 'Delivery was late'],
    ['staff', 'Friendly staff'],
  ]) {
    await db.sql`update feedback set enrichment = ${db.sql.json({ themeIds: [theme] } as never)}
      where org_id = ${acme.org.id} and text = ${text!}`;
  }
  const [a, b] = await db.sql<{ id: string }[]>`
    select id from feedback where org_id = ${acme.org.id} and nps <= 6 order by occurred_at desc limit 2`;
  await db.sql`insert into cases (org_id, feedback_id, touchpoint_id, priority, sla_hours, due_at, nps)
    values (${acme.org.id}, ${a!.id}, ${tp}, 'high', 24, now() - interval '2 hours', 2),
           (${acme.org.id}, ${b!.id}, ${tp}, 'normal', 24, now() + interval '20 hours', 2)`;
  const team = await api('POST', '/api/v1/teams', { name: 'Care', touchpointIds: [tp] });
  expect(team.statusCode, team.body).toBe(201);
  teamId = team.json().id;
  const initiative = await api('POST', '/api/v1/initiatives', {
    title: 'Callback within the hour',
    metric: 'nps',
    touchpointIds: [tp],
    startedAt: new Date(today() - 60 * DAY).toISOString().slice(0, 10),
  });
  expect(initiative.statusCode, initiative.body).toBe(201);
}, 60_000);

afterAll(async () => {
  await mail?.close();
});

describe('reports', () => {
  it('refuses bad input naming the field', async () => {
    const bad = async (payload: object, field: string) => {
      const res = await api('POST', '/api/v1/reports', payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(JSON.stringify(res.json())).toContain(field);
    };
    const base = { name: 'Care weekly', frequency: 'weekly', recipients: ['lead@acme.test'] };
    await bad({ ...base, recipients: ['not-an-address'] }, 'recipients');
    await bad({ ...base, frequency: 'daily' }, 'frequency');
    await bad({ ...base, teamId: '00000000-0000-4000-8000-000000000000' }, 'teamId');
    await bad({ ...base, touchpointIds: ['00000000-0000-4000-8000-000000000000'] }, 'touchpointIds');
  });

  it('defines a weekly team digest, scheduled for next Monday and listed', async () => {
    const res = await api('POST', '/api/v1/reports', {
      name: 'Care weekly',
      teamId,
      frequency: 'weekly',
      recipients: ['Lead@Acme.test', 'ops@acme.test'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    reportId = body.id;
    expect(body.recipients).toEqual(['lead@acme.test', 'ops@acme.test']);
    const next = new Date(body.nextRunAt);
    expect(next.getUTCDay()).toBe(1);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(body.pdfUrl).toBe(`/api/v1/reports/${reportId}.pdf`);
    const list = (await api('GET', '/api/v1/reports')).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([reportId]);
    // The first digest waits in the queue until then.
    const queued = await db.sql<{ startAfter: Date; data: { reportId: string } }[]>`
      select start_after as "startAfter", data from northstar_jobs.job where name = 'report-send'`;
    expect(queued.map((j) => [j.data.reportId, j.startAfter.getTime()])).toEqual([
      [reportId, next.getTime()],
    ]);
  });

  it('renders the PDF now: it parses and carries the score with its interval and the move', async () => {
    const res = await api('GET', `/api/v1/reports/${reportId}.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="care-weekly-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const text = await pdfText(new Uint8Array(res.rawPayload));
    const now = summariseNps(THIS_WEEK);
    const ci = `95% CI ${now.ci!.low.toFixed(1)} to ${now.ci!.high.toFixed(1)}`;
    expect(now.score).toBe(50);
    expect(text).toContain(`Phone support NPS 50.0 (${ci}), n 40`);
    expect(text).toContain('Significant move: +75.0 vs the period before');
    expect(text).toContain('2 open, 1 breaching their SLA.');
    // This week's 20 comments: 13 promoters on staff; 5 passives and 2 detractors on delivery.
    const without = summariseNps({ promoters: 0, passives: 5, detractors: 2 });
    expect(text).toContain(
      `Delivery: 7 comments (35.0%), NPS with ${without.score!.toFixed(1)} vs without 100.0, difference -128.6`,
    );
    expect(text).toContain('Callback within the hour (running, NPS)');
    expect(text).toContain('team Care');
    const other = await createTestOrg(db.sql, 'Globex');
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/v1/reports/${reportId}.pdf`,
      headers: other.headers,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('sends it now over SMTP: an HTML email to each recipient with the PDF attached', async () => {
    const res = await api('POST', `/api/v1/reports/${reportId}/send`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: 2 });
    expect(smtp.inbox.map((m) => m.to[0]).sort()).toEqual(['lead@acme.test', 'ops@acme.test']);
    const raw = smtp.inbox[0]!.raw;
    expect(raw).toMatch(/^Subject: Care weekly: weekly digest, \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/m);
    expect(raw).toMatch(/Content-Type: text\/html/);
    expect(raw).toMatch(/filename="?care-weekly-\d{4}-\d{2}-\d{2}\.pdf/);
    const pdf = attachedPdf(raw);
    expect(pdf).not.toBeNull();
    const text = await pdfText(pdf!);
    expect(text).toContain('Phone support NPS 50.0');
  });

  it('sends on schedule from the job queue, once, and schedules the next digest a week later', async () => {
    // Pretend the digest fell due an hour ago.
    const due = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
    await db.sql`update report_subscriptions set next_run_at = ${due} where id = ${reportId}`;
    const before = smtp.inbox.length;
    await jobs.enqueue(reportSendJob, { orgId: acme.org.id, reportId, due: due.toISOString() });
    await jobs.enqueue(
      reportSendJob,
      { orgId: acme.org.id, reportId, due: due.toISOString() },
      { singletonKey: 'again' },
    );
    await jobs.drain([reportSendJob] as never);
    const [row] = await db.sql<{ next: Date; last: Date | null }[]>`
      select next_run_at as next, last_sent_at as last from report_subscriptions where id = ${reportId}`;
    expect(row!.next.getTime()).toBe(due.getTime() + 7 * DAY);
    expect(smtp.inbox.length - before).toBe(2);
    expect(row!.last).not.toBeNull();
  });

  it('deletes a report', async () => {
    expect((await api('DELETE', `/api/v1/reports/${reportId}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/reports/${reportId}.pdf`)).statusCode).toBe(404);
  });
});
