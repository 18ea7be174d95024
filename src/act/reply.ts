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
import {
  insertCaseMessage,
  lockReplyTarget,
  markCaseAnswered,
  markReplyBounced,
  markReplySent,
  markReplySuppressed,
  selectOutgoingReply,
  updateCaseThread,
} from './queries/replies.js';

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
    const c = await lockReplyTarget(tx, orgId, caseId);
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
    const messageId = await insertCaseMessage(tx, orgId, caseId, {
      authorId: actor.kind === 'user' ? actor.id : null,
      to: c.email,
      subject,
      body: input.body,
    });
    await markCaseAnswered(tx, orgId, caseId);
    await recordCaseEvent(tx, orgId, caseId, actor, 'replied', { messageId, to: c.email, subject });
    await jobs.enqueue(caseReplyJob, { orgId, messageId }, { tx, singletonKey: messageId });
    return { id: messageId, to: c.email, subject, status: 'queued' };
  })) as { id: string; to: string; subject: string; status: string };
}

/** Send a queued reply (consent checked again at sending time). */
export async function sendReply(sql: Sql, orgId: string, messageId: string): Promise<boolean> {
  const m = await selectOutgoingReply(sql, orgId, messageId);
  if (m?.status !== 'queued') return false;
  if (m.consent?.email === false) {
    await markReplySuppressed(sql, orgId, messageId);
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
      await markReplyBounced(sql, orgId, messageId, err.message.slice(0, 500));
      return false;
    }
    throw err;
  }
  await sql.begin(async (tx) => {
    await markReplySent(tx, orgId, messageId, { own, inReplyTo: m.thread });
    await updateCaseThread(tx, orgId, m.caseId, own);
  });
  return true;
}
