// What the links of an invitation email do: the open pixel, one-click answers (with link-scanner
// guards) and unsubscribe, each from the personal token in the link.
import type { Sql } from '../../../platform/db/index.js';
import { ForbiddenError, ValidationError } from '../../../platform/errors/index.js';
import { submitResponse } from '../../responses/index.js';
import type { SurveyDefinition } from '../../surveys/index.js';
import { findPublicSurvey, prefillPersonalAnswer, verifyToken } from '../hosted/index.js';
import { oneClickScale } from './message.js';
import {
  type LinkedInvitation,
  markInvitationOpened,
  markInvitationResponded,
  selectInvitationByNonce,
  unsubscribeContact,
  withdrawOneClickAnswer,
} from './queries/invitation-links.js';

interface TokenInvitation {
  orgId: string;
  surveyId: string;
  token: string;
  definition: SurveyDefinition;
  invitation: LinkedInvitation;
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
  const inv = await selectInvitationByNonce(sql, survey.orgId, survey.id, p.n);
  if (!inv) throw new ForbiddenError('This link is not valid');
  return { orgId: survey.orgId, surveyId: survey.id, token, definition: survey.definition, invitation: inv };
}

/** Record that the email was opened (the tracking pixel loaded). */
export async function recordOpen(sql: Sql, token: string): Promise<void> {
  const t = await invitationFromToken(sql, token);
  await markInvitationOpened(sql, t.orgId, t.invitation.id, 'sent');
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
  await markInvitationOpened(sql, t.orgId, t.invitation.id, 'sent or queued');
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
    await markInvitationResponded(sql, t.orgId, t.invitation.id, response.id);
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
  return withdrawOneClickAnswer(sql, {
    orgId: t.orgId,
    surveyId: t.surveyId,
    invitation: t.invitation,
    questionId,
    score,
    burstSeconds: SCANNER_BURST_MS / 1000,
  });
}

/** Unsubscribe the invitation's contact from survey emails: honoured by every later send and trigger. */
export async function unsubscribe(sql: Sql, token: string): Promise<void> {
  const t = await invitationFromToken(sql, token);
  await unsubscribeContact(sql, t.orgId, t.invitation.contactId);
}
