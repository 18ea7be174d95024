// Sending one invitation or its reminder, and recording bounces.
import type { Sql } from '../../../platform/db/index.js';
import { NotFoundError } from '../../../platform/errors/index.js';
import { localise, type SurveyDefinition } from '../../surveys/index.js';
import { signToken } from '../hosted/index.js';
import { BounceError, mail } from './mailer.js';
import { renderInvitation } from './message.js';

const pick = (t: Record<string, string>, lang: string): string =>
  t[lang] ?? t[lang.split('-')[0] ?? lang] ?? t.und ?? t.en ?? Object.values(t)[0] ?? '';

/** Send reminder `round` to invitations sent (or opened) without a response yet; returns how many. */
export async function remindNonResponders(
  sql: Sql,
  orgId: string,
  campaignId: string,
  round: number,
): Promise<number> {
  const due = await sql<{ id: string }[]>`
    select id from invitations
    where org_id = ${orgId} and campaign_id = ${campaignId} and status in ('sent', 'opened') and reminders_sent < ${round}
    order by id`;
  let sent = 0;
  for (const d of due) if (await sendInvitation(sql, orgId, d.id, { reminder: true })) sent++;
  return sent;
}
interface InvitationRow {
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
  const [inv] = await sql<InvitationRow[]>`
    select i.id, i.survey_id as "surveyId", i.contact_id as "contactId", i.status, i.token_nonce as "tokenNonce",
      coalesce(i.email, c.email) as email, c.name, c.consent, c.attributes ->> 'language' as "contactLanguage",
      k.subject, k.intro, k.language, k.from_address as "fromAddress", v.definition
    from invitations i
      join contacts c on c.org_id = i.org_id and c.id = i.contact_id
      join surveys s on s.org_id = i.org_id and s.id = i.survey_id
      join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
      left join campaigns k on k.org_id = i.org_id and k.id = i.campaign_id
    where i.org_id = ${orgId} and i.id = ${invitationId}`;
  if (!inv?.tokenNonce) return false;
  if (opts.reminder ? !['sent', 'opened'].includes(inv.status) : inv.status !== 'queued') return false;
  if (inv.consent.email === false || inv.consent.surveys === false || !inv.email) {
    if (!opts.reminder) {
      await sql`update invitations set status = 'suppressed', reason = ${inv.email ? 'unsubscribed from email' : 'no email address'}
        where org_id = ${orgId} and id = ${invitationId} and status = 'queued'`;
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
    await sql`
      update invitations set
        status = case when status = 'queued' then 'sent' else status end,
        sent_at = coalesce(sent_at, now()), last_sent_at = now(), message_id = ${messageId},
        reminders_sent = reminders_sent + ${opts.reminder ? 1 : 0}
      where org_id = ${orgId} and id = ${invitationId}`;
    return true;
  } catch (err) {
    if (err instanceof BounceError) {
      await sql`update invitations set status = 'bounced', bounced_at = now(), reason = ${err.message.slice(0, 500)}
        where org_id = ${orgId} and id = ${invitationId}`;
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
  const rows = await sql`
    update invitations set status = case when status in ('queued', 'sent', 'opened') then 'bounced' else status end,
      bounced_at = now(), reason = ${reason}
    where org_id = ${orgId} and id = ${invitationId} returning id`;
  if (rows.length === 0) throw new NotFoundError(`Invitation ${invitationId} not found`);
}
