// Replies to the customer from a case: queued in the request, sent by a job over the mailer (SMTP or
// the outbox), threaded with Message-ID / In-Reply-To / References, and never to a customer who
// opted out of email.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BounceError, mail } from '../listen/channels/email/index.js';
import type { Sql } from '../platform/db/index.js';
import { ConflictError, NotFoundError } from '../platform/errors/index.js';
import { defineJob, type JobQueue } from '../platform/jobs/index.js';
import { type Actor, recordCaseEvent } from './history.js';

/** Send one queued reply. */
export const caseReplyJob = defineJob({
  name: 'case-reply',
  schema: z.object({ orgId: z.uuid(), messageId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  handle: async ({ orgId, messageId }, { sql }) => {
    await sendReply(sql, orgId, messageId);
  },
});

/**
 * Queue a reply to the case's customer. Refused (409, naming the field) when the customer has no
 * email address or opted out of email. The first reply sets the case's first-response time.
 */
export async function replyToCase(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  caseId: string,
  input: { subject?: string | undefined; body: string },
  actor: Actor,
): Promise<{ id: string; to: string; subject: string; status: string }> {
  return (await sql.begin(async (tx) => {
    const [c] = await tx<
      Array<{
        email: string | null;
        consent: Record<string, boolean> | null;
        contactId: string | null;
        survey: string | null;
      }>
    >`
      select p.email, p.consent, c.contact_id as "contactId", s.name as survey
      from cases c
        left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
        left join surveys s on s.org_id = c.org_id and s.id = c.survey_id
      where c.org_id = ${orgId} and c.id = ${caseId} for update of c`;
    if (!c) throw new NotFoundError(`Case ${caseId} not found`);
    if (!c.contactId || !c.email)
      throw new ConflictError('This customer has no email address', [
        { name: 'contact.email', reason: 'missing' },
      ]);
    if (c.consent?.email === false)
      throw new ConflictError('This customer unsubscribed from email', [
        { name: 'contact.consent', reason: 'email: false' },
      ]);
    const subject = input.subject ?? `About your feedback${c.survey ? ` (${c.survey})` : ''}`;
    const [m] = await tx<{ id: string }[]>`
      insert into case_messages (org_id, case_id, author_id, to_address, subject, body, status)
      values (${orgId}, ${caseId}, ${actor.kind === 'user' ? actor.id : null}, ${c.email}, ${subject}, ${input.body}, 'queued')
      returning id`;
    await tx`update cases set first_response_at = coalesce(first_response_at, now()),
        status = case when status = 'open' then 'in_progress' else status end, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
    await recordCaseEvent(tx, orgId, caseId, actor, 'replied', { messageId: m!.id, to: c.email, subject });
    await jobs.enqueue(caseReplyJob, { orgId, messageId: m!.id }, { tx, singletonKey: m!.id });
    return { id: m!.id, to: c.email, subject, status: 'queued' };
  })) as { id: string; to: string; subject: string; status: string };
}

/** Send a queued reply (consent checked again at sending time). */
export async function sendReply(sql: Sql, orgId: string, messageId: string): Promise<boolean> {
  const [m] = await sql<
    Array<{
      caseId: string;
      to: string;
      subject: string;
      body: string;
      status: string;
      thread: string | null;
      consent: Record<string, boolean> | null;
      name: string | null;
    }>
  >`
    select m.case_id as "caseId", m.to_address as to, m.subject, m.body, m.status, c.thread_message_id as thread,
      p.consent, p.name
    from case_messages m
      join cases c on c.org_id = m.org_id and c.id = m.case_id
      left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
    where m.org_id = ${orgId} and m.id = ${messageId}`;
  if (m?.status !== 'queued') return false;
  if (m.consent?.email === false) {
    await sql`update case_messages set status = 'suppressed', reason = 'unsubscribed from email'
      where org_id = ${orgId} and id = ${messageId}`;
    return false;
  }
  const { mailer, settings } = mail();
  const domain = (/@([^>\s]+)/.exec(settings.from)?.[1] ?? 'northstar.local').replace(/[^a-zA-Z0-9.-]/g, '');
  const own = `<case-${m.caseId}-${randomUUID()}@${domain}>`;
  const headers: Record<string, string> = { 'Message-ID': own, 'X-Northstar-Case': m.caseId };
  if (m.thread) {
    headers['In-Reply-To'] = m.thread;
    headers.References = m.thread;
  }
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  try {
    await mailer.send({
      to: m.to,
      from: settings.from,
      subject: m.thread && !/^re:/i.test(m.subject) ? `Re: ${m.subject}` : m.subject,
      text: m.body,
      html: m.body
        .split(/\n{2,}/)
        .map((p) => `<p>${esc(p).replace(/\n/g, '<br>')}</p>`)
        .join(''),
      headers,
      tag: `case-${m.caseId}`,
    });
  } catch (err) {
    if (err instanceof BounceError) {
      await sql`update case_messages set status = 'bounced', reason = ${err.message.slice(0, 500)}
        where org_id = ${orgId} and id = ${messageId}`;
      return false;
    }
    throw err;
  }
  await sql.begin(async (tx) => {
    await tx`update case_messages set status = 'sent', message_id = ${own}, in_reply_to = ${m.thread}
      where org_id = ${orgId} and id = ${messageId}`;
    await tx`update cases set thread_message_id = ${own} where org_id = ${orgId} and id = ${m.caseId}`;
  });
  return true;
}
