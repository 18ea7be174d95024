// Personal single-use survey links.
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import { invitationBlocks } from '../../contacts/index.js';
import { surveyAndContactExist } from './queries/public-survey.js';
import { nonce, signToken } from './tokens.js';

/**
 * A personal single-use link's token for a survey (optionally for a contact, optionally expiring).
 * One response per token: its nonce becomes the response's idempotency key. A link for a contact who
 * opted out of surveys, or who reached a frequency rule, is refused (field `contactId`).
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
  if (opts.contactId) {
    // The contact's consent and the frequency rules hold for a link made for them as for an invitation.
    const blocks = await invitationBlocks(sql, orgId, surveyId, opts.channel ?? 'link', [opts.contactId]);
    const why = blocks.get(opts.contactId);
    if (why)
      throw new ValidationError('The contact may not be asked now', [
        { name: 'contactId', reason: `this contact may not be asked now: ${why}` },
      ]);
  }
  return signToken(sql, orgId, {
    k: 'p',
    s: surveyId,
    n: nonce(),
    ...(opts.contactId ? { c: opts.contactId } : {}),
    ...(opts.expiresAt ? { x: Math.floor(opts.expiresAt.getTime() / 1000) } : {}),
    ...(opts.channel ? { ch: opts.channel } : {}),
  });
}
