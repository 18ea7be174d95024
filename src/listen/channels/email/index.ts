// Email invitations: campaigns to a list or segment, one-click first answers, reminders, unsubscribe,
// per-recipient status, and AAPOR response rates over the invitations.
import { z } from 'zod';
import type { Sql } from '../../../platform/db/index.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../platform/errors/index.js';
import { defineJob, type JobQueue } from '../../../platform/jobs/index.js';
import { invitationDisposition } from '../../../understand/nonresponse/invitation-dispositions.js';
import { invitationRates } from '../../../understand/nonresponse/rates.js';
import { type Audience, audienceCondition, invitationBlocks, lockInvitations } from '../../contacts/index.js';
import { submitResponse } from '../../responses/index.js';
import { localise, type SurveyDefinition } from '../../surveys/index.js';
import { findPublicSurvey, nonce, prefillPersonalAnswer, signToken, verifyToken } from '../hosted/index.js';
import { BounceError, mail } from './mailer.js';
import { oneClickScale, renderInvitation } from './message.js';

export {
  BounceError,
  createMailer,
  type Mailer,
  type MailSettings,
  mail,
  mailSettings,
  useMail,
} from './mailer.js';
export { oneClickScale, renderInvitation } from './message.js';

/** A localised text: one string, or a map by language. */
export type Localised = string | Record<string, string>;

/** What a campaign is: who, which survey, what the email says, and its reminders. */
export interface CampaignInput {
  surveyId: string;
  name: string;
  audience: Audience;
  subject: Localised;
  intro?: Localised | undefined;
  fromAddress?: string | undefined;
  language?: string | undefined;
  reminderAfterHours?: number | undefined;
  maxReminders?: number | undefined;
}

/** Per-recipient states of an invitation. */
export const INVITATION_STATES = [
  'queued',
  'sent',
  'bounced',
  'opened',
  'responded',
  'suppressed',
  'failed',
] as const;

/** A campaign with its recipients counted by status. */
export interface Campaign {
  id: string;
  surveyId: string;
  name: string;
  channel: 'email';
  audience: Audience;
  subject: Localised;
  intro: Localised;
  language: string;
  reminderAfterHours: number | null;
  maxReminders: number;
  status: 'draft' | 'sending' | 'sent';
  createdAt: Date;
  launchedAt: Date | null;
  counts: Record<(typeof INVITATION_STATES)[number], number>;
}

const asMap = (t: Localised | undefined): Record<string, string> =>
  t === undefined ? {} : typeof t === 'string' ? { und: t } : t;
const pick = (t: Record<string, string>, lang: string): string =>
  t[lang] ?? t[lang.split('-')[0] ?? lang] ?? t.und ?? t.en ?? Object.values(t)[0] ?? '';

/** Create a campaign (a draft until launched). */
export async function createCampaign(sql: Sql, orgId: string, input: CampaignInput): Promise<Campaign> {
  const [survey] = await sql`select 1 from surveys where org_id = ${orgId} and id = ${input.surveyId}`;
  if (!survey)
    throw new ValidationError('Unknown survey', [
      { name: 'surveyId', reason: 'no such survey in this organisation' },
    ]);
  await audienceCondition(sql, orgId, input.audience);
  if ((input.maxReminders ?? 0) > 0 && !input.reminderAfterHours) {
    throw new ValidationError('Reminders need a delay', [
      { name: 'reminderAfterHours', reason: 'required with maxReminders' },
    ]);
  }
  const [row] = await sql<{ id: string }[]>`
    insert into campaigns (org_id, survey_id, name, audience, subject, intro, from_address, language,
      reminder_after_hours, max_reminders)
    values (${orgId}, ${input.surveyId}, ${input.name}, ${sql.json(input.audience as never)},
      ${sql.json(asMap(input.subject))}, ${sql.json(asMap(input.intro))}, ${input.fromAddress ?? null},
      ${input.language ?? 'en'}, ${input.reminderAfterHours ?? null}, ${input.maxReminders ?? 0})
    returning id`;
  return getCampaign(sql, orgId, row!.id);
}

/** A campaign with its per-status counts, or not found. */
export async function getCampaign(sql: Sql, orgId: string, campaignId: string): Promise<Campaign> {
  const [c] = await sql<Omit<Campaign, 'counts'>[]>`
    select id, survey_id as "surveyId", name, channel, audience, subject, intro, language,
      reminder_after_hours as "reminderAfterHours", max_reminders as "maxReminders", status,
      created_at as "createdAt", launched_at as "launchedAt"
    from campaigns where org_id = ${orgId} and id = ${campaignId}`;
  if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
  const rows = await sql<{ status: string; n: number }[]>`
    select status, count(*)::int as n from invitations where org_id = ${orgId} and campaign_id = ${campaignId} group by status`;
  const counts = Object.fromEntries(INVITATION_STATES.map((s) => [s, 0])) as Campaign['counts'];
  for (const r of rows) counts[r.status as keyof Campaign['counts']] = r.n;
  return { ...c, counts };
}

/** One recipient's invitation, as the API shows it. */
export interface Invitation {
  id: string;
  contactId: string;
  email: string | null;
  status: (typeof INVITATION_STATES)[number];
  reason: string | null;
  remindersSent: number;
  queuedAt: Date;
  sentAt: Date | null;
  openedAt: Date | null;
  bouncedAt: Date | null;
  respondedAt: Date | null;
  responseId: string | null;
}

/** A campaign's invitations (per-recipient status), optionally of one status. */
export async function listInvitations(
  sql: Sql,
  orgId: string,
  campaignId: string,
  opts: { status?: string | undefined; limit: number; after?: string | undefined },
): Promise<Invitation[]> {
  // Another organisation's campaign (or none) is not found, rather than an empty list.
  const [campaign] = await sql`select 1 from campaigns where org_id = ${orgId} and id = ${campaignId}`;
  if (!campaign) throw new NotFoundError(`Campaign ${campaignId} not found`);
  return sql<Invitation[]>`
    select id, contact_id as "contactId", email, status, reason, reminders_sent as "remindersSent",
      queued_at as "queuedAt", sent_at as "sentAt", opened_at as "openedAt", bounced_at as "bouncedAt",
      responded_at as "respondedAt", response_id as "responseId"
    from invitations
    where org_id = ${orgId} and campaign_id = ${campaignId}
      ${opts.status ? sql`and status = ${opts.status}` : sql``}
      ${opts.after ? sql`and id > ${opts.after}` : sql``}
    order by id limit ${opts.limit}`;
}

/** Payload of the jobs below: which organisation and campaign or invitation. */
const CampaignPayload = z.object({ orgId: z.uuid(), campaignId: z.uuid() });

/** Send every queued invitation of a campaign. */
export const sendCampaignJob = defineJob({
  name: 'email.campaign',
  schema: CampaignPayload,
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  expireInSeconds: 3_600,
  handle: async ({ orgId, campaignId }, { sql }) => {
    for (;;) {
      const batch = await sql<{ id: string }[]>`
        select id from invitations where org_id = ${orgId} and campaign_id = ${campaignId} and status = 'queued'
        order by id limit 100`;
      if (batch.length === 0) break;
      // A few messages at a time: SMTP servers throttle large bursts from one client.
      for (let i = 0; i < batch.length; i += 5) {
        await Promise.all(
          batch.slice(i, i + 5).map((b) => sendInvitation(sql, orgId, b.id, { reminder: false })),
        );
      }
    }
    await sql`update campaigns set status = 'sent' where org_id = ${orgId} and id = ${campaignId} and status = 'sending'`;
  },
});

/** Send one invitation (triggered invitations; a later start for quiet hours). */
export const sendInvitationJob = defineJob({
  name: 'email.invitation',
  schema: z.object({ orgId: z.uuid(), invitationId: z.uuid() }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  handle: async ({ orgId, invitationId }, { sql }) => {
    await sendInvitation(sql, orgId, invitationId, { reminder: false });
  },
});

/** Remind the campaign's non-responders (round n of max_reminders); schedules the next round. */
export const sendRemindersJob = defineJob({
  name: 'email.reminders',
  schema: CampaignPayload.extend({ round: z.number().int().min(1).max(5) }),
  retry: { limit: 5, delaySeconds: 60, backoff: true },
  expireInSeconds: 3_600,
  handle: async ({ orgId, campaignId, round }, { sql, jobs }) => {
    const [c] = await sql<{ maxReminders: number; hours: number }[]>`
      select max_reminders as "maxReminders", reminder_after_hours as hours from campaigns
      where org_id = ${orgId} and id = ${campaignId}`;
    if (!c || round > c.maxReminders) return;
    await remindNonResponders(sql, orgId, campaignId, round);
    if (round < c.maxReminders) {
      await jobs.enqueue(
        sendRemindersJob,
        { orgId, campaignId, round: round + 1 },
        {
          startAfter: new Date(Date.now() + c.hours * 3_600_000),
          singletonKey: `${campaignId}:${round + 1}`,
        },
      );
    }
  },
});

/** Every email job, for the worker's job table. */
export const EMAIL_JOBS = [sendCampaignJob, sendInvitationJob, sendRemindersJob];

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

/**
 * Launch a campaign: every audience contact gets an invitation, queued, or suppressed with the reason
 * (no email address, opted out, a frequency rule) so response rates keep them in the denominator. The
 * sending job is enqueued in the same transaction. Returns the counts.
 */
export async function launchCampaign(
  sql: Sql,
  jobs: JobQueue,
  orgId: string,
  campaignId: string,
): Promise<{ queued: number; suppressed: number }> {
  return sql.begin(async (tx) => {
    const t = tx as unknown as Sql;
    const [c] = await t<
      {
        status: string;
        surveyId: string;
        audience: Audience;
        reminderAfterHours: number | null;
        maxReminders: number;
      }[]
    >`
      select status, survey_id as "surveyId", audience, reminder_after_hours as "reminderAfterHours",
        max_reminders as "maxReminders"
      from campaigns where org_id = ${orgId} and id = ${campaignId} for update`;
    if (!c) throw new NotFoundError(`Campaign ${campaignId} not found`);
    if (c.status !== 'draft') throw new ConflictError(`Campaign ${campaignId} was already launched`);
    const [live] =
      await t`select 1 from surveys where org_id = ${orgId} and id = ${c.surveyId} and status = 'live'`;
    if (!live) throw new ConflictError('The survey is not live: it cannot take responses');
    // No trigger decides for anyone of this organisation while the audience is checked and queued.
    await lockInvitations(t, orgId);
    const { where: cond } = await audienceCondition(t, orgId, c.audience);
    const people = await t<{ id: string; email: string | null }[]>`
      select c.id, c.email from contacts c where c.org_id = ${orgId} and ${cond}`;
    const blocks = await invitationBlocks(
      t,
      orgId,
      c.surveyId,
      'email',
      people.map((p) => p.id),
    );
    const rows = people.map((p) => {
      const reason = p.email ? blocks.get(p.id) : 'no email address';
      return {
        contact_id: p.id,
        email: p.email,
        status: reason ? 'suppressed' : 'queued',
        reason: reason ?? null,
        token_nonce: reason ? null : nonce(),
      };
    });
    for (let i = 0; i < rows.length; i += 5_000) {
      await t`
        insert into invitations (org_id, survey_id, campaign_id, contact_id, channel, source, status, reason, token_nonce, email)
        select ${orgId}, ${c.surveyId}, ${campaignId}, x.contact_id, 'email', 'campaign', x.status, x.reason, x.token_nonce, x.email
        from jsonb_to_recordset(${t.json(rows.slice(i, i + 5_000) as never)}::jsonb)
          as x(contact_id uuid, email text, status text, reason text, token_nonce text)
        on conflict do nothing`;
    }
    await t`update campaigns set status = 'sending', launched_at = now() where org_id = ${orgId} and id = ${campaignId}`;
    await jobs.enqueue(sendCampaignJob, { orgId, campaignId }, { tx: t, singletonKey: campaignId });
    if (c.maxReminders > 0 && c.reminderAfterHours) {
      await jobs.enqueue(
        sendRemindersJob,
        { orgId, campaignId, round: 1 },
        {
          tx: t,
          startAfter: new Date(Date.now() + c.reminderAfterHours * 3_600_000),
          singletonKey: `${campaignId}:1`,
        },
      );
    }
    const queued = rows.filter((r) => r.status === 'queued').length;
    return { queued, suppressed: rows.length - queued };
  }) as Promise<{ queued: number; suppressed: number }>;
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

interface TokenInvitation {
  orgId: string;
  surveyId: string;
  token: string;
  definition: SurveyDefinition;
  invitation: {
    id: string;
    contactId: string;
    status: string;
    responseId: string | null;
    tokenNonce: string;
    scannedAt: Date | null;
  };
}

/** The invitation a personal token from an email belongs to; forbidden when forged or unknown. */
export async function invitationFromToken(sql: Sql, token: string): Promise<TokenInvitation> {
  let surveyId: string | undefined;
  try {
    const body = token.split('.')[0] ?? '';
    surveyId = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s?: string }).s;
  } catch {
    surveyId = undefined;
  }
  const survey = surveyId ? await findPublicSurvey(sql, surveyId) : undefined;
  const p = survey ? await verifyToken(sql, survey.orgId, survey.id, token, 'p') : undefined;
  if (!survey || !p) throw new ForbiddenError('This link is not valid');
  const [inv] = await sql<TokenInvitation['invitation'][]>`
    select id, contact_id as "contactId", status, response_id as "responseId", token_nonce as "tokenNonce",
      one_click_scanned_at as "scannedAt"
    from invitations
    where org_id = ${survey.orgId} and survey_id = ${survey.id} and token_nonce = ${p.n}`;
  if (!inv) throw new ForbiddenError('This link is not valid');
  return { orgId: survey.orgId, surveyId: survey.id, token, definition: survey.definition, invitation: inv };
}

/** Record that the email was opened (the tracking pixel loaded). */
export async function recordOpen(sql: Sql, token: string): Promise<void> {
  const t = await invitationFromToken(sql, token);
  await sql`update invitations set opened_at = coalesce(opened_at, now()),
      status = case when status = 'sent' then 'opened' else status end
    where org_id = ${t.orgId} and id = ${t.invitation.id}`;
}

/** A different score this soon after a recorded one-click answer means a link scanner, not a person. */
const SCANNER_BURST_MS = 120_000;

/** How a one-click request came. */
export interface OneClickRequest {
  /** Looks automated: a HEAD request, a prefetch, or a known scanner's user agent. */
  automated?: boolean | undefined;
  /** Confirmed by the recipient (the confirm page's POST). */
  confirmed?: boolean | undefined;
}

/** Whether a one-click request looks automated (HEAD, prefetch, a mail scanner or a bot). */
export function looksAutomated(
  method: string,
  headers: Record<string, string | string[] | undefined>,
): boolean {
  if (method === 'HEAD') return true;
  const h = (name: string) => {
    const v = headers[name];
    return (Array.isArray(v) ? v.join(' ') : (v ?? '')).toLowerCase();
  };
  if (/prefetch|prerender/.test(`${h('purpose')} ${h('sec-purpose')} ${h('x-moz')} ${h('x-purpose')}`))
    return true;
  return /bot\b|bot\/|crawler|spider|preview|scanner|proofpoint|mimecast|barracuda|safelinks|urldefense|python-requests|go-http-client|okhttp|java\/|wget|libwww/.test(
    h('user-agent'),
  );
}

/**
 * One click on a score in the email: record it as the response of this invitation (once, however
 * often it is clicked) and put it into the respondent's survey session, so the hosted page opens at
 * the next question. Returns where to send the respondent.
 *
 * Link scanners: a request that looks automated records nothing and gets a confirm page (`confirm`).
 * Scanners that pass for a browser follow every score within seconds: a different score within two
 * minutes of the recorded one withdraws it, and from then on this invitation's one-click links ask
 * for confirmation (a POST, which scanners do not send) before recording anything.
 */
export async function recordOneClick(
  sql: Sql,
  token: string,
  score: number,
  how: OneClickRequest = {},
): Promise<{ redirect: string; recorded: boolean; confirm?: boolean }> {
  const t = await invitationFromToken(sql, token);
  const scale = oneClickScale(t.definition);
  if (!scale || !Number.isInteger(score) || score < scale.min || score > scale.max) {
    throw new ValidationError('That answer is not on the scale', [
      {
        name: 'score',
        reason: scale
          ? `a whole number from ${scale.min} to ${scale.max}`
          : 'this survey has no one-click question',
      },
    ]);
  }
  const redirect = `/s/${t.surveyId}?t=${encodeURIComponent(token)}`;
  if (!how.confirmed) {
    if (how.automated || t.invitation.scannedAt) return { redirect, recorded: false, confirm: true };
    if (t.invitation.status === 'responded' && t.invitation.responseId) {
      const withdrawn = await withdrawScannedAnswer(sql, t, scale.questionId, score);
      if (withdrawn) return { redirect, recorded: false, confirm: true };
    }
  }
  if (t.invitation.status === 'responded') return { redirect, recorded: false };
  await sql`update invitations set opened_at = coalesce(opened_at, now()),
      status = case when status in ('sent', 'queued') then 'opened' else status end
    where org_id = ${t.orgId} and id = ${t.invitation.id}`;
  // Later pages resume at question 2 with this answer kept.
  await prefillPersonalAnswer(sql, {
    surveyId: t.surveyId,
    personalToken: token,
    questionId: scale.questionId,
    value: score,
  }).catch(() => false);
  let recorded = false;
  try {
    const { response } = await submitResponse(sql, t.orgId, t.surveyId, {
      answers: { [scale.questionId]: score },
      contact: { id: t.invitation.contactId },
      channel: 'email',
      metadata: { invitationId: t.invitation.id },
      idempotencyKey: `invitation:${t.invitation.id}`,
    });
    // A fuller response from the survey page may already have superseded this one.
    await sql`update invitations set status = 'responded', responded_at = coalesce(responded_at, now()),
        response_id = coalesce(response_id, ${response.id})
      where org_id = ${t.orgId} and id = ${t.invitation.id} and status <> 'responded'`;
    recorded = true;
  } catch (err) {
    // Other required questions: the answer waits in the survey session until the page is completed.
    if (!(err instanceof ValidationError)) throw err;
  }
  return { redirect, recorded };
}

/**
 * If the invitation's recorded answer is its own one-click answer, with another score, recorded
 * less than two minutes ago, it came from a scanner: delete it (its feedback goes with it), clear it
 * from the survey session, put the invitation back to opened and mark it scanned. True if withdrawn.
 */
async function withdrawScannedAnswer(
  sql: Sql,
  t: TokenInvitation,
  questionId: string,
  score: number,
): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [prior] = await tx<{ id: string }[]>`
      select r.id from responses r
      where r.org_id = ${t.orgId} and r.id = ${t.invitation.responseId}
        and r.idempotency_key = ${`invitation:${t.invitation.id}`}
        and r.answers -> ${questionId} is distinct from ${tx.json(score)}
        and r.submitted_at > now() - make_interval(secs => ${SCANNER_BURST_MS / 1000})
      for update`;
    if (!prior) return false;
    await tx`delete from responses where org_id = ${t.orgId} and id = ${prior.id}`;
    await tx`update invitations set status = 'opened', responded_at = null, response_id = null,
        one_click_scanned_at = now()
      where org_id = ${t.orgId} and id = ${t.invitation.id}`;
    await tx`update respondent_sessions set answers = answers - ${questionId},
        done = array_remove(done, ${questionId}), updated_at = now()
      where org_id = ${t.orgId} and survey_id = ${t.surveyId} and session_key = ${`p:${t.invitation.tokenNonce}`}
        and completed_at is null`;
    return true;
  }) as Promise<boolean>;
}

/** Unsubscribe the invitation's contact from survey emails: honoured by every later send and trigger. */
export async function unsubscribe(sql: Sql, token: string): Promise<void> {
  const t = await invitationFromToken(sql, token);
  await sql.begin(async (tx) => {
    await tx`update contacts set consent = consent || '{"email": false}'::jsonb, updated_at = now()
      where org_id = ${t.orgId} and id = ${t.invitation.contactId}`;
    await tx`update invitations set status = 'suppressed', reason = 'unsubscribed from email'
      where org_id = ${t.orgId} and contact_id = ${t.invitation.contactId} and status = 'queued' and channel = 'email'`;
  });
}

/** AAPOR response rates of one survey's invitations, by channel (see docs/api.md for the dispositions). */
export interface ResponseRate {
  surveyId: string;
  channel: string;
  invited: number;
  responded: number;
  /** Personal link started and not completed (AAPOR P). */
  partial: number;
  noResponse: number;
  bounced: number;
  suppressed: number;
  pending: number;
  /** I / (I + P + R + NC + O + UH + UO): suppressed contacts count as eligible non-interviews. */
  rr1: number | null;
  /** (I + P) / the same denominator: partial responses count with the complete ones. */
  rr2: number | null;
  /** RR1 over contacted cases only (suppressed left out). */
  rr1Contacted: number | null;
}

/**
 * Response rates per survey and channel from the invitations table. Dispositions: responded = I;
 * sent or opened with the personal link started but not completed = P; other sent or opened = R+NC
 * (eligible, no interview); suppressed (opted out, frequency rule, no address) = O; bounced or
 * failed = UO (unknown eligibility, kept in the denominator as RR1 does); queued = not yet
 * fielded, left out.
 */
export async function responseRates(sql: Sql, orgId: string, surveyId?: string): Promise<ResponseRate[]> {
  const rows = await sql<Omit<ResponseRate, 'rr1' | 'rr2' | 'rr1Contacted'>[]>`
    select survey_id as "surveyId", channel,
      count(*) filter (where status <> 'queued')::int as invited,
      count(*) filter (where status = 'responded')::int as responded,
      count(*) filter (where status = 'partial')::int as partial,
      count(*) filter (where status in ('sent', 'opened'))::int as "noResponse",
      count(*) filter (where status in ('bounced', 'failed'))::int as bounced,
      count(*) filter (where status = 'suppressed')::int as suppressed,
      count(*) filter (where status = 'queued')::int as pending
    from (
      select i.survey_id, i.channel, ${invitationDisposition(sql)} as status
      from invitations i
      where i.org_id = ${orgId} ${surveyId ? sql`and i.survey_id = ${surveyId}` : sql``}
    ) x
    group by survey_id, channel order by survey_id, channel`;
  return rows.map((r) => ({
    ...r,
    ...invitationRates({
      complete: r.responded,
      partial: r.partial,
      nonResponse: r.noResponse,
      unknown: r.bounced,
      suppressed: r.suppressed,
    }),
  }));
}
