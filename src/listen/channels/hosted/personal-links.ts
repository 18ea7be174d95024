// Personal single-use survey links; one made for a contact is recorded as an invitation.
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import { invitationBlocks, lockInvitations } from '../../contacts/index.js';
import { insertPersonalInvitation } from './queries/personal-invitations.js';
import { surveyAndContactExist } from './queries/public-survey.js';
import { nonce, signToken } from './tokens.js';

/**
 * A personal single-use link's token for a survey (optionally for a contact, optionally expiring).
 * One response per token: its nonce becomes the response's idempotency key. A link for a contact who
 * opted out of surveys, or who reached a frequency rule, is refused (field `contactId`); one made for a
 * contact is recorded as an invitation of the 'link' channel (it counts toward the frequency rules and the
 * response rates), decided under the contact's invitation lock so two concurrent links cannot both pass.
 */
export async function createPersonalToken(
  sql: Sql,
  orgId: string,
  surveyId: string,
  opts: { contactId?: string | undefined; expiresAt?: Date | undefined; channel?: string | undefined } = {},
): Promise<string> {
  const found = await surveyAndContactExist(sql, orgId, surveyId, opts.contactId);
  if (!found.survey) throw new NotFoundError(`Survey ${surveyId} not found`);
  if (opts.contactId && !found.contact)
    throw new ValidationError('Unknown contact', [
      { name: 'contactId', reason: 'no such contact in this organisation' },
    ]);
  const n = nonce();
  const payload = {
    k: 'p' as const,
    s: surveyId,
    n,
    ...(opts.contactId ? { c: opts.contactId } : {}),
    ...(opts.expiresAt ? { x: Math.floor(opts.expiresAt.getTime() / 1000) } : {}),
    ...(opts.channel ? { ch: opts.channel } : {}),
  };
  // Signed outside the transaction: a signing key made on first use is never rolled back under a cache.
  const token = await signToken(sql, orgId, payload);
  const contactId = opts.contactId;
  if (!contactId) return token;
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    await lockInvitations(t, orgId, contactId);
    // The contact's consent and the frequency rules hold for a link made for them as for an invitation.
    const blocks = await invitationBlocks(t, orgId, surveyId, opts.channel ?? 'link', [contactId]);
    const why = blocks.get(contactId);
    if (why)
      throw new ValidationError('The contact may not be asked now', [
        { name: 'contactId', reason: `this contact may not be asked now: ${why}` },
      ]);
    await insertPersonalInvitation(t, orgId, { surveyId, contactId, tokenNonce: n });
    return token;
  }) as Promise<string>;
}
