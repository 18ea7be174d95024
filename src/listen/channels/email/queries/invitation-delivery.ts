// Statements on one invitation as it is sent: what the message needs, and its outcome (sent,
// suppressed, bounced).
import type { Sql } from '../../../../platform/db/index.js';
import type { SurveyDefinition } from '../../../surveys/index.js';

/** An invitation with what its message needs: the contact, the campaign's texts, the survey. */
export interface InvitationToSend {
  id: string;
  surveyId: string;
  contactId: string;
  status: string;
  tokenNonce: string | null;
  email: string | null;
  name: string | null;
  consent: Record<string, boolean>;
  contactLanguage: string | null;
  subject: Record<string, string> | null;
  intro: Record<string, string> | null;
  language: string | null;
  fromAddress: string | null;
  definition: SurveyDefinition;
}

/** The invitation with its contact, campaign and current survey version, or undefined. */
export async function selectInvitationToSend(
  sql: Sql,
  orgId: string,
  invitationId: string,
): Promise<InvitationToSend | undefined> {
  const [inv] = await sql<InvitationToSend[]>`
    select i.id, i.survey_id as "surveyId", i.contact_id as "contactId", i.status, i.token_nonce as "tokenNonce",
      coalesce(i.email, c.email) as email, c.name, c.consent, c.attributes ->> 'language' as "contactLanguage",
      k.subject, k.intro, k.language, k.from_address as "fromAddress", v.definition
    from invitations i
      join contacts c on c.org_id = i.org_id and c.id = i.contact_id
      join surveys s on s.org_id = i.org_id and s.id = i.survey_id
      join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
      left join campaigns k on k.org_id = i.org_id and k.id = i.campaign_id
    where i.org_id = ${orgId} and i.id = ${invitationId}`;
  return inv;
}

/** Suppress a still-queued invitation, with the reason. */
export async function suppressQueuedInvitation(
  sql: Sql,
  orgId: string,
  invitationId: string,
  reason: string,
): Promise<void> {
  await sql`update invitations set status = 'suppressed', reason = ${reason}
    where org_id = ${orgId} and id = ${invitationId} and status = 'queued'`;
}

/** Record a message sent (the first one moves it from queued to sent; a reminder adds one). */
export async function markInvitationSent(
  sql: Sql,
  orgId: string,
  invitationId: string,
  sent: { messageId: string; reminder: boolean },
): Promise<void> {
  await sql`
    update invitations set
      status = case when status = 'queued' then 'sent' else status end,
      sent_at = coalesce(sent_at, now()), last_sent_at = now(), message_id = ${sent.messageId},
      reminders_sent = reminders_sent + ${sent.reminder ? 1 : 0}
    where org_id = ${orgId} and id = ${invitationId}`;
}

/** Record a permanent refusal while sending. */
export async function markInvitationBounced(
  sql: Sql,
  orgId: string,
  invitationId: string,
  reason: string,
): Promise<void> {
  await sql`update invitations set status = 'bounced', bounced_at = now(), reason = ${reason}
    where org_id = ${orgId} and id = ${invitationId}`;
}

/** Record a bounce reported later (not-yet-answered invitations become bounced); false when there is none. */
export async function recordInvitationBounce(
  sql: Sql,
  orgId: string,
  invitationId: string,
  reason: string,
): Promise<boolean> {
  const rows = await sql`
    update invitations set status = case when status in ('queued', 'sent', 'opened') then 'bounced' else status end,
      bounced_at = now(), reason = ${reason}
    where org_id = ${orgId} and id = ${invitationId} returning id`;
  return rows.length > 0;
}
