// Statements behind an invitation email's links: the invitation a token names, opened, answered,
// a scanner's answer withdrawn, the contact unsubscribed.
import type { Sql } from '../../../../platform/db/index.js';

/** What the links read of an invitation. */
export interface LinkedInvitation {
  id: string;
  contactId: string;
  status: string;
  responseId: string | null;
  tokenNonce: string;
  scannedAt: Date | null;
}

/** The invitation of a survey with this token nonce, or undefined. */
export async function selectInvitationByNonce(
  sql: Sql,
  orgId: string,
  surveyId: string,
  tokenNonce: string,
): Promise<LinkedInvitation | undefined> {
  const [inv] = await sql<LinkedInvitation[]>`
    select id, contact_id as "contactId", status, response_id as "responseId", token_nonce as "tokenNonce",
      one_click_scanned_at as "scannedAt"
    from invitations
    where org_id = ${orgId} and survey_id = ${surveyId} and token_nonce = ${tokenNonce}`;
  return inv;
}

/** Record an open; `from` lists the statuses that become `opened`. */
export async function markInvitationOpened(
  sql: Sql,
  orgId: string,
  invitationId: string,
  from: 'sent' | 'sent or queued',
): Promise<void> {
  if (from === 'sent') {
    await sql`update invitations set opened_at = coalesce(opened_at, now()),
        status = case when status = 'sent' then 'opened' else status end
      where org_id = ${orgId} and id = ${invitationId}`;
  } else {
    await sql`update invitations set opened_at = coalesce(opened_at, now()),
        status = case when status in ('sent', 'queued') then 'opened' else status end
      where org_id = ${orgId} and id = ${invitationId}`;
  }
}

/** Record the invitation's response (a response recorded first is kept). */
export async function markInvitationResponded(
  sql: Sql,
  orgId: string,
  invitationId: string,
  responseId: string,
): Promise<void> {
  await sql`update invitations set status = 'responded', responded_at = coalesce(responded_at, now()),
      response_id = coalesce(response_id, ${responseId})
    where org_id = ${orgId} and id = ${invitationId} and status <> 'responded'`;
}

/**
 * In one transaction: if the invitation's response is its own one-click answer with another score than
 * `score`, recorded less than `burstSeconds` ago, delete it (its feedback goes with it), put the
 * invitation back to opened and mark it scanned, and clear the answer from the survey session. True if
 * withdrawn.
 */
export async function withdrawOneClickAnswer(
  sql: Sql,
  w: {
    orgId: string;
    surveyId: string;
    invitation: Pick<LinkedInvitation, 'id' | 'responseId' | 'tokenNonce'>;
    questionId: string;
    score: number;
    burstSeconds: number;
  },
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [prior] = await tx<{ id: string }[]>`
      select r.id from responses r
      where r.org_id = ${w.orgId} and r.id = ${w.invitation.responseId}
        and r.idempotency_key = ${`invitation:${w.invitation.id}`}
        and r.answers -> ${w.questionId} is distinct from ${tx.json(w.score)}
        and r.submitted_at > now() - make_interval(secs => ${w.burstSeconds})
      for update`;
    if (!prior) return false;
    await tx`delete from responses where org_id = ${w.orgId} and id = ${prior.id}`;
    await tx`update invitations set status = 'opened', responded_at = null, response_id = null,
        one_click_scanned_at = now()
      where org_id = ${w.orgId} and id = ${w.invitation.id}`;
    await tx`update respondent_sessions set answers = answers - ${w.questionId},
        done = array_remove(done, ${w.questionId}), updated_at = now()
      where org_id = ${w.orgId} and survey_id = ${w.surveyId} and session_key = ${`p:${w.invitation.tokenNonce}`}
        and completed_at is null`;
    return true;
  }) as Promise<boolean>;
}

/** In one transaction: the contact opts out of email, and their queued email invitations are suppressed. */
export async function unsubscribeContact(sql: Sql, orgId: string, contactId: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`update contacts set consent = consent || '{"email": false}'::jsonb, updated_at = now()
      where org_id = ${orgId} and id = ${contactId}`;
    await tx`update invitations set status = 'suppressed', reason = 'unsubscribed from email'
      where org_id = ${orgId} and contact_id = ${contactId} and status = 'queued' and channel = 'email'`;
  });
}
