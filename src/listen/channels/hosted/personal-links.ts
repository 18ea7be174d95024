// Personal single-use survey links.
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError, ValidationError } from '../../../platform/errors/index.js';
import { nonce, signToken } from './tokens.js';

/**
 * A personal single-use link's token for a survey (optionally for a contact, optionally expiring).
 * One response per token: its nonce becomes the response's idempotency key.
 */
export async function createPersonalToken(
  sql: Sql,
  orgId: string,
  surveyId: string,
  opts: { contactId?: string | undefined; expiresAt?: Date | undefined; channel?: string | undefined } = {},
): Promise<string> {
  const [s] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${surveyId}`;
  if (!s) throw new NotFoundError(`Survey ${surveyId} not found`);
  if (opts.contactId) {
    const [c] = await sql`select 1 from contacts where org_id = ${orgId} and id = ${opts.contactId}`;
    if (!c)
      throw new ValidationError('Unknown contact', [
        { name: 'contactId', reason: 'no such contact in this organisation' },
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
