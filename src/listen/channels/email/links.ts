// What the links of an invitation email do: the open pixel, one-click answers (with link-scanner
// guards) and unsubscribe, each from the personal token in the link.
import type { Sql } from '../../../platform/db/index.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors/index.js';
import { submitResponse } from '../../responses/index.js';
import type { SurveyDefinition } from '../../surveys/index.js';
import { findPublicSurvey, prefillPersonalAnswer, verifyToken } from '../hosted/index.js';
import { oneClickScale } from './message.js';

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
