// Notifications about cases: email to the owner and chosen addresses, Slack incoming webhooks
// (Block Kit), on a new case and on an SLA breach (escalation to the team's channel).
import { z } from 'zod';
import { mail } from '../listen/channels/email/index.js';
import type { Sql } from '../platform/db/index.js';
import { defineJob } from '../platform/jobs/index.js';
import { claimDigests, selectCaseFacts, selectDigestRows } from './queries/notify.js';
import { guardedPost } from './url-guard.js';

/** What a notification about a case shows, and who it goes to. */
export interface CaseFacts {
  id: string;
  priority: string;
  dueAt: Date;
  ownerEmail: string | null;
  ownerName: string | null;
  teamName: string | null;
  escalation: { emails?: string[]; slackUrl?: string } | null;
  notify: { owner?: boolean; emails?: string[]; slackUrl?: string } | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
  text: string | null;
  customer: string | null;
  touchpoint: string | null;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function scoreLine(f: CaseFacts): string {
  if (f.nps !== null) return `NPS ${f.nps}/10`;
  if (f.csat !== null) return `CSAT ${f.csat}/5`;
  if (f.ces !== null) return `CES ${f.ces}/7`;
  return 'no score';
}

/** The Slack Block Kit message for a case. */
export function slackMessage(f: CaseFacts, reason: 'created' | 'breached', link: string): unknown {
  const title =
    reason === 'breached'
      ? `SLA breached: case for ${f.customer ?? 'a customer'}`
      : `New case: ${f.customer ?? 'a customer'}`;
  return {
    text: `${title} (${scoreLine(f)})`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Score*\n${scoreLine(f)}` },
          { type: 'mrkdwn', text: `*Priority*\n${f.priority}` },
          { type: 'mrkdwn', text: `*Customer*\n${f.customer ?? 'unknown'}` },
          { type: 'mrkdwn', text: `*Owner*\n${f.ownerName ?? f.teamName ?? 'unassigned'}` },
        ],
      },
      ...(f.text
        ? [
            {
              type: 'section',
              text: { type: 'mrkdwn', text: `> ${f.text.slice(0, 2_000).replace(/\n/g, '\n> ')}` },
            },
          ]
        : []),
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the case' }, url: link }],
      },
    ],
  };
}

/** Send the notifications of one case event; returns the targets reached. */
export async function notifyCase(
  sql: Sql,
  orgId: string,
  caseId: string,
  reason: 'created' | 'breached',
): Promise<string[]> {
  const f = await selectCaseFacts(sql, orgId, caseId);
  if (!f) return [];
  const { mailer, settings } = mail();
  const link = `${settings.publicUrl}/cases/${caseId}`;
  const emails = new Set<string>();
  const slack = new Set<string>();
  if (reason === 'created') {
    if (f.ownerEmail && f.notify?.owner !== false) emails.add(f.ownerEmail);
    for (const e of f.notify?.emails ?? []) emails.add(e);
    if (f.notify?.slackUrl) slack.add(f.notify.slackUrl);
  } else {
    if (f.ownerEmail) emails.add(f.ownerEmail);
    for (const e of f.escalation?.emails ?? []) emails.add(e);
    if (f.escalation?.slackUrl) slack.add(f.escalation.slackUrl);
    else if (f.notify?.slackUrl) slack.add(f.notify.slackUrl);
  }
  const subject =
    reason === 'breached'
      ? `SLA breached: ${f.priority} case for ${f.customer ?? 'a customer'} (${scoreLine(f)})`
      : `New ${f.priority} case: ${f.customer ?? 'a customer'} (${scoreLine(f)})`;
  const text = `${subject}\n\n${f.text ? `"${f.text}"\n\n` : ''}Touchpoint: ${f.touchpoint ?? 'none'}\nDue: ${f.dueAt.toISOString()}\n\n${link}\n`;
  const html = `<p><strong>${esc(subject)}</strong></p>${f.text ? `<blockquote>${esc(f.text)}</blockquote>` : ''}<p>Touchpoint: ${esc(f.touchpoint ?? 'none')}<br>Due: ${f.dueAt.toISOString()}</p><p><a href="${esc(link)}">Open the case</a></p>`;
  const reached: string[] = [];
  for (const to of emails) {
    await mailer.send({ to, from: settings.from, subject, text, html, tag: `case-${caseId}-${reason}` });
    reached.push(`email:${to}`);
  }
  for (const url of slack) {
    const res = await guardedPost(url, JSON.stringify(slackMessage(f, reason, link)), {});
    if (res.status < 200 || res.status >= 300) throw new Error(`Slack answered HTTP ${res.status}`);
    reached.push('slack');
  }
  return reached;
}

/** Notify about one case (a new case, an SLA breach). */
export const caseNotifyJob = defineJob({
  name: 'case-notify',
  schema: z.object({ orgId: z.uuid(), caseId: z.uuid(), reason: z.enum(['created', 'breached']) }),
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  handle: async ({ orgId, caseId, reason }, { sql }) => {
    await notifyCase(sql, orgId, caseId, reason);
  },
});

/** An owned case in the daily digest. */
export interface DigestRow {
  id: string;
  email: string;
  name: string;
  priority: string;
  dueAt: Date;
  breached: boolean;
  nps: number | null;
  customer: string | null;
}

/** The hour (UTC) from which the day's digest goes out. */
export const DIGEST_HOUR_UTC = 7;

/**
 * The daily digest: once per UTC day (from 07:00), every owner of cases not closed gets one email
 * listing them, breached first, with their due times. Organisations are claimed by one statement, so
 * several workers send each digest once. Returns the number of emails sent.
 */
export async function sendDailyDigests(sql: Sql, now: Date = new Date()): Promise<number> {
  if (now.getUTCHours() < DIGEST_HOUR_UTC) return 0;
  const today = now.toISOString().slice(0, 10);
  const orgs = await claimDigests(sql, today);
  const { mailer, settings } = mail();
  let sent = 0;
  for (const { orgId } of orgs) {
    const rows = await selectDigestRows(sql, orgId);
    const byOwner = new Map<string, DigestRow[]>();
    for (const r of rows) byOwner.set(r.email, [...(byOwner.get(r.email) ?? []), r]);
    for (const [to, cases] of byOwner) {
      const breached = cases.filter((c) => c.breached).length;
      const subject = `Your cases today: ${cases.length} open${breached ? `, ${breached} past their deadline` : ''}`;
      const line = (c: DigestRow) =>
        `${c.breached ? 'BREACHED ' : ''}${c.priority} — ${c.customer ?? 'a customer'}${c.nps !== null ? ` (NPS ${c.nps})` : ''} — due ${c.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${settings.publicUrl}/cases/${c.id}`;
      await mailer.send({
        to,
        from: settings.from,
        subject,
        text: `${subject}\n\n${cases.map(line).join('\n')}\n`,
        html: `<p><strong>${esc(subject)}</strong></p><ul>${cases.map((c) => `<li>${esc(line(c))}</li>`).join('')}</ul>`,
        tag: `digest-${today}`,
      });
      sent++;
    }
  }
  return sent;
}
