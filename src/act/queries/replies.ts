// Statements of replies from a case: the customer's address and consent (the case locked), the queued
// message and the case's first response, and the message's fate at sending time.
import type { Sql, TransactionSql } from '../../platform/db/index.js';

/** Where a reply from the case would go, with the survey the customer answered. */
export interface ReplyTarget {
  email: string | null;
  consent: Record<string, boolean> | null;
  contactId: string | null;
  survey: string | null;
}

/** The case's customer and survey, with the case locked until the transaction ends. */
export async function lockReplyTarget(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
): Promise<ReplyTarget | undefined> {
  const [c] = await tx<ReplyTarget[]>`
      select p.email, p.consent, c.contact_id as "contactId", s.name as survey
      from cases c
        left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
        left join surveys s on s.org_id = c.org_id and s.id = c.survey_id
      where c.org_id = ${orgId} and c.id = ${caseId} for update of c`;
  return c;
}

/** Insert a queued reply; returns its id. */
export async function insertCaseMessage(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  m: { authorId: string | null; to: string; subject: string; body: string },
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
      insert into case_messages (org_id, case_id, author_id, to_address, subject, body, status)
      values (${orgId}, ${caseId}, ${m.authorId}, ${m.to}, ${m.subject}, ${m.body}, 'queued')
      returning id`;
  return row!.id;
}

/** Record that the case was answered: its first-response time if not set, and an open case in progress. */
export async function markCaseAnswered(tx: TransactionSql, orgId: string, caseId: string): Promise<void> {
  await tx`update cases set first_response_at = coalesce(first_response_at, now()),
        status = case when status = 'open' then 'in_progress' else status end, updated_at = now()
      where org_id = ${orgId} and id = ${caseId}`;
}

/** A reply to send, with its case's thread and the customer's consent as they are now. */
export interface OutgoingReply {
  caseId: string;
  to: string;
  subject: string;
  body: string;
  status: string;
  thread: string | null;
  consent: Record<string, boolean> | null;
  name: string | null;
}

/** One reply with what sending it needs, if it is the organisation's. */
export async function selectOutgoingReply(
  sql: Sql,
  orgId: string,
  messageId: string,
): Promise<OutgoingReply | undefined> {
  const [m] = await sql<OutgoingReply[]>`
    select m.case_id as "caseId", m.to_address as to, m.subject, m.body, m.status, c.thread_message_id as thread,
      p.consent, p.name
    from case_messages m
      join cases c on c.org_id = m.org_id and c.id = m.case_id
      left join contacts p on p.org_id = c.org_id and p.id = c.contact_id
    where m.org_id = ${orgId} and m.id = ${messageId}`;
  return m;
}

/** A reply not sent because the customer unsubscribed from email. */
export async function markReplySuppressed(sql: Sql, orgId: string, messageId: string): Promise<void> {
  await sql`update case_messages set status = 'suppressed', reason = 'unsubscribed from email'
      where org_id = ${orgId} and id = ${messageId}`;
}

/** A reply the mail server refused, with its reason (at most 500 characters). */
export async function markReplyBounced(
  sql: Sql,
  orgId: string,
  messageId: string,
  reason: string,
): Promise<void> {
  await sql`update case_messages set status = 'bounced', reason = ${reason}
        where org_id = ${orgId} and id = ${messageId}`;
}

/** A reply sent, with its Message-ID and the one it answers. */
export async function markReplySent(
  tx: TransactionSql,
  orgId: string,
  messageId: string,
  ids: { own: string; inReplyTo: string | null },
): Promise<void> {
  await tx`update case_messages set status = 'sent', message_id = ${ids.own}, in_reply_to = ${ids.inReplyTo}
      where org_id = ${orgId} and id = ${messageId}`;
}

/** The Message-ID the case's next reply answers (its thread). */
export async function updateCaseThread(
  tx: TransactionSql,
  orgId: string,
  caseId: string,
  messageId: string,
): Promise<void> {
  await tx`update cases set thread_message_id = ${messageId} where org_id = ${orgId} and id = ${caseId}`;
}
