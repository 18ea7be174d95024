// Reports: stored digest definitions (a team's or some touchpoints', weekly or monthly, to a list of
// recipients), rendered on demand as a PDF and sent on schedule as an HTML email with the PDF attached.
import { z } from 'zod';
import { mail } from '../../listen/channels/email/index.js';
import type { Sql } from '../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../platform/errors/index.js';
import { defineJob, type JobQueue } from '../../platform/jobs/index.js';
import { buildDigest, type Digest, nextRun } from './content.js';
import { renderDigestEmail } from './email.js';
import { renderDigestPdf } from './pdf.js';
import {
  advanceReport,
  deleteReportRow,
  insertReport,
  type Report,
  type ReportFrequency,
  selectReport,
  selectReports,
  selectTeamTouchpoints,
  selectTouchpointNames,
} from './queries/subscriptions.js';

/** What a caller sends to define a report. */
export interface ReportInput {
  name: string;
  teamId?: string | null | undefined;
  touchpointIds?: string[] | undefined;
  frequency: ReportFrequency;
  recipients: string[];
}

/** Hour of the day (UTC) a digest goes out. */
const SEND_HOUR_UTC = 6;

/** The first send time after `now`: next Monday, or the first of next month, at 06:00 UTC. */
export function firstRun(frequency: ReportFrequency, now: Date): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  if (frequency === 'monthly') return new Date(Date.UTC(y, m + 1, 1, SEND_HOUR_UTC));
  const daysToMonday = (8 - now.getUTCDay()) % 7 || 7;
  return new Date(Date.UTC(y, m, now.getUTCDate() + daysToMonday, SEND_HOUR_UTC));
}

/** Send one report's digest when it is due, then schedule the next one. */
export const reportSendJob = defineJob({
  name: 'report-send',
  schema: z.object({ orgId: z.uuid(), reportId: z.uuid(), due: z.iso.datetime() }),
  retry: { limit: 5, delaySeconds: 300, backoff: true },
  handle: async ({ orgId, reportId, due }, { sql, jobs }) => {
    await sendDueReport(sql, jobs, orgId, reportId, new Date(due));
  },
});

async function schedule(sql: Sql, jobs: JobQueue, orgId: string, reportId: string, due: Date) {
  await jobs.enqueue(
    reportSendJob,
    { orgId, reportId, due: due.toISOString() },
    { tx: sql, startAfter: due, singletonKey: `${reportId}:${due.getTime()}` },
  );
}

/**
 * The digest due at `due`: sent unless the report was deleted or its schedule moved on (another run
 * sent it), then the next run is scheduled. Returns the number of emails sent.
 */
export async function sendDueReport(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  reportId: string,
  due: Date,
): Promise<number> {
  const report = await selectReport(sql, orgId, reportId);
  if (!report || report.nextRunAt.getTime() !== due.getTime()) return 0;
  const sent = await sendReport(sql, orgId, reportId, due);
  await sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    // A run missed for longer than a period (downtime) is not sent twice: the next one is in the future.
    let next = nextRun(report.frequency, due);
    while (next.getTime() <= Date.now()) next = nextRun(report.frequency, next);
    if (await advanceReport(t, orgId, reportId, due, next)) await schedule(t, jobs, orgId, reportId, next);
  });
  return sent;
}

async function scopeOf(
  sql: Sql,
  orgId: string,
  input: { teamId: string | null; touchpointIds: string[] },
): Promise<{ team: string | null; touchpoints: Array<{ id: string; name: string }> }> {
  let team: string | null = null;
  const ids = new Set(input.touchpointIds);
  if (input.teamId) {
    const t = await selectTeamTouchpoints(sql, orgId, input.teamId);
    if (!t.exists) {
      throw new ValidationError(`teamId: no team ${input.teamId} in this organisation`, [
        { name: 'teamId', reason: 'unknown team' },
      ]);
    }
    team = t.name;
    for (const id of t.touchpointIds) ids.add(id);
  }
  const everything = input.teamId === null && input.touchpointIds.length === 0;
  const names = await selectTouchpointNames(sql, orgId, everything ? null : [...ids]);
  const missing = input.touchpointIds.filter((id) => !names.has(id));
  if (missing.length > 0) {
    throw new ValidationError(`touchpointIds: no touchpoint ${missing.join(', ')} in this organisation`, [
      { name: 'touchpointIds', reason: `unknown touchpoint ${missing[0]}` },
    ]);
  }
  return { team, touchpoints: [...names].map(([id, name]) => ({ id, name })) };
}

/** Define a report and schedule its first digest. */
export async function createReport(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  input: ReportInput,
  now = new Date(),
): Promise<Report> {
  const fields = {
    name: input.name,
    teamId: input.teamId ?? null,
    touchpointIds: [...new Set(input.touchpointIds ?? [])],
    frequency: input.frequency,
    recipients: [...new Set(input.recipients.map((r) => r.trim().toLowerCase()))],
    nextRunAt: firstRun(input.frequency, now),
  };
  await scopeOf(sql, orgId, fields);
  return (await sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const report = await insertReport(t, orgId, fields);
    await schedule(t, jobs, orgId, report.id, report.nextRunAt);
    return report;
  })) as Report;
}

/** The organisation's reports. */
export function listReports(sql: Sql, orgId: string): Promise<Report[]> {
  return selectReports(sql, orgId);
}

/** One report, or not found. */
export async function getReport(sql: Sql, orgId: string, id: string): Promise<Report> {
  const r = await selectReport(sql, orgId, id);
  if (!r) throw new NotFoundError(`report ${id} not found`);
  return r;
}

/** Delete a report (its queued digest finds nothing and stops). */
export async function deleteReport(sql: Sql, orgId: string, id: string): Promise<void> {
  if (!(await deleteReportRow(sql, orgId, id))) throw new NotFoundError(`report ${id} not found`);
}

/** A report's digest as of `now`: its data, the PDF and a file name. */
export async function renderReport(
  sql: Sql,
  orgId: string,
  id: string,
  now = new Date(),
): Promise<{ digest: Digest; pdf: Buffer; filename: string }> {
  const report = await getReport(sql, orgId, id);
  const scope = await scopeOf(sql, orgId, report);
  const digest = await buildDigest(sql, orgId, report, scope, now);
  const pdf = await renderDigestPdf(digest);
  const slug =
    report.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'report';
  return { digest, pdf, filename: `${slug}-${digest.period.from.toISOString().slice(0, 10)}.pdf` };
}

/** Send a report's digest now (as of `now`) to its recipients through the mailer; returns emails sent. */
export async function sendReport(sql: Sql, orgId: string, id: string, now = new Date()): Promise<number> {
  const { digest, pdf, filename } = await renderReport(sql, orgId, id, now);
  const { mailer, settings } = mail();
  const message = renderDigestEmail(digest, `${settings.publicUrl}/api/v1/reports/${id}.pdf`);
  const report = await getReport(sql, orgId, id);
  for (const to of report.recipients) {
    await mailer.send({
      to,
      from: settings.from,
      subject: message.subject,
      html: message.html,
      text: message.text,
      attachments: [{ filename, content: pdf, contentType: 'application/pdf' }],
      tag: `report-${id}`,
    });
  }
  return report.recipients.length;
}
