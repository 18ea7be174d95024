// A personal link made for a contact, recorded as an invitation of the 'link' channel.
import type { Sql } from '../../../../platform/db/index.js';

/**
 * Record a personal link as a sent invitation (source 'personal'): it counts toward the frequency rules
 * and the per-channel response rates, and its response (idempotency key 'hosted:p:<nonce>') marks it
 * responded through the invitations trigger. Returns its id.
 */
export async function insertPersonalInvitation(
  sql: Sql,
  orgId: string,
  i: { surveyId: string; contactId: string; tokenNonce: string },
): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into invitations (org_id, survey_id, contact_id, channel, source, status, token_nonce, email,
      sent_at, last_sent_at)
    select ${orgId}, ${i.surveyId}, ${i.contactId}, 'link', 'personal', 'sent', ${i.tokenNonce}, c.email,
      now(), now()
    from contacts c where c.org_id = ${orgId} and c.id = ${i.contactId}
    returning id`;
  return row!.id;
}
