// Sending one invitation or its reminder, and recording bounces.
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError } from '../../../platform/errors/index.js';
import { localise } from '../../surveys/index.js';
import { signToken } from '../hosted/index.js';
import { BounceError, mail } from './mailer.js';
import { renderInvitation } from './message.js';
import { selectDueReminders } from './queries/campaign-sending.js';
import {
  markInvitationBounced,
  markInvitationSent,
  recordInvitationBounce,
  selectInvitationToSend,
  suppressQueuedInvitation,
} from './queries/invitation-delivery.js';

const pick = (t: Record<string, string>, lang: string): string =>
  t[lang] ?? t[lang.split('-')[0] ?? lang] ?? t.und ?? t.en ?? Object.values(t)[0] ?? '';

/** Send reminder `round` to invitations sent (or opened) without a response yet; returns how many. */
export async function remindNonResponders(
  sql: Sql,
  orgId: string,
  campaignId: string,
  round: number,
): Promise<number> {
  const due = await selectDueReminders(sql, orgId, campaignId, round);
  let sent = 0;
  for (const id of due) if (await sendInvitation(sql, orgId, id, { reminder: true })) sent++;
  return sent;
}

/** The personal survey token of an invitation (the hosted page's `?t=`, also the email link token). */
export async function invitationToken(
  sql: Sql,
  orgId: string,
  inv: { surveyId: string; contactId: string; tokenNonce: string },
): Promise<string> {
  return signToken(sql, orgId, { k: 'p', s: inv.surveyId, n: inv.tokenNonce, c: inv.contactId });
}

/**
 * Send one invitation, or a reminder of it. Consent is checked at the moment of sending (an
 * unsubscribe after queueing is honoured). A permanent SMTP refusal marks it bounced; a transient
 * failure throws so the job retries. Returns whether a message went out.
 */
export async function sendInvitation(
  sql: Sql,
  orgId: string,
  invitationId: string,
  opts: { reminder: boolean },
): Promise<boolean> {
  const inv = await selectInvitationToSend(sql, orgId, invitationId);
  if (!inv?.tokenNonce) return false;
  if (opts.reminder ? !['sent', 'opened'].includes(inv.status) : inv.status !== 'queued') return false;
  if (inv.consent.email === false || inv.consent.surveys === false || !inv.email) {
    if (!opts.reminder) {
      const reason = inv.email ? 'unsubscribed from email' : 'no email address';
      await suppressQueuedInvitation(sql, orgId, invitationId, reason);
    }
    return false;
  }
  const { mailer, settings } = mail();
  const token = await invitationToken(sql, orgId, {
    surveyId: inv.surveyId,
    contactId: inv.contactId,
    tokenNonce: inv.tokenNonce,
  });
  const def = inv.definition;
  const lang = inv.language ?? inv.contactLanguage ?? def.defaultLanguage;
  const title = localise(def.title, lang, def.defaultLanguage);
  const base = `${settings.publicUrl}/e/${token}`;
  const message = renderInvitation({
    definition: def,
    language: lang,
    subject: (inv.subject ? pick(inv.subject, lang) : '') || title,
    intro: inv.intro ? pick(inv.intro, lang) : '',
    reminder: opts.reminder,
    links: { base, survey: `${settings.publicUrl}/s/${inv.surveyId}?t=${encodeURIComponent(token)}` },
    name: inv.name,
  });
  try {
    const { messageId } = await mailer.send({
      to: inv.email,
      from: inv.fromAddress ?? settings.from,
      subject: message.subject,
      html: message.html,
      text: message.text,
      tag: invitationId,
      headers: {
        'List-Unsubscribe': `<${base}/unsubscribe>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Northstar-Invitation': invitationId,
      },
    });
    await markInvitationSent(sql, orgId, invitationId, { messageId, reminder: opts.reminder });
    return true;
  } catch (err) {
    if (err instanceof BounceError) {
      await markInvitationBounced(sql, orgId, invitationId, err.message.slice(0, 500));
      return false;
    }
    throw err;
  }
}

/** Record a bounce reported later (a delivery-status notification, a provider webhook). */
export async function recordBounce(
  sql: Sql,
  orgId: string,
  invitationId: string,
  reason: string,
): Promise<void> {
  if (!(await recordInvitationBounce(sql, orgId, invitationId, reason)))
    throw new NotFoundError(`Invitation ${invitationId} not found`);
}
