// Respondent visits: the public survey lookup, and a visit opened from a page request (personal token
// or session cookie) or resumed from a posted page (signed form token).
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../../platform/db/index.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors/index.js';
import { type Answers, chooseLanguage, type RespondentContext } from '../../surveys/index.js';

export type { PublicSurvey } from './queries/public-survey.js';

import {
  type PublicSurvey,
  type SessionRow,
  selectContactAttributes,
  selectPublicSurvey,
  selectSurveyAndSession,
} from './queries/public-survey.js';
import { peekToken, signToken, type TokenPayload, verifyToken } from './tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Find a survey by id for a public page (any organisation); undefined when there is none. */
export async function findPublicSurvey(sql: Sql, surveyId: string): Promise<PublicSurvey | undefined> {
  if (!UUID.test(surveyId)) return undefined;
  return selectPublicSurvey(sql, surveyId);
}

/** A respondent's visit to a survey: who, in which language, and how far they got. */
export interface Visit {
  survey: PublicSurvey;
  /** 'c:<cookie hash>' or 'p:<personal token nonce>'. */
  key: string;
  contactId: string | undefined;
  ctx: RespondentContext;
  lang: string;
  answers: Answers;
  /** Questions the respondent has passed (answered or left empty on purpose). */
  done: string[];
  completed: boolean;
  /** The signed form token the page posts back. */
  formToken: string;
  /** The personal token, when the visit came through one. */
  personalToken: string | undefined;
  /** Seed of the option order: stable for the session. */
  seed: string;
  /** Channel the response is recorded under: 'link', or what the personal token says ('email'). */
  channel: string;
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new session cookie value (256 bits). */
export function newSessionCookie(): string {
  return randomBytes(32).toString('base64url');
}

const COOKIE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The survey and the respondent's saved session in one query (the page's hot path). The session key may
 * come from a token not yet verified: callers verify it before using anything.
 */
async function fetchSurveyAndSession(
  sql: Sql,
  surveyId: string,
  key: string,
): Promise<{ survey: PublicSurvey; row: SessionRow | undefined }> {
  if (!UUID.test(surveyId)) throw new NotFoundError('There is no such survey');
  const found = await selectSurveyAndSession(sql, surveyId, key);
  if (!found) throw new NotFoundError('There is no such survey');
  return found;
}

async function loadVisit(
  sql: Sql,
  survey: PublicSurvey,
  row: SessionRow | undefined,
  key: string,
  contactId: string | undefined,
  personalToken: string | undefined,
  language: { link?: string | undefined; acceptLanguage?: string | undefined },
  channel = 'link',
): Promise<Visit> {
  const attributes = contactId ? await selectContactAttributes(sql, survey.orgId, contactId) : {};
  const def = survey.definition;
  const known = new Set(def.questions.map((q) => q.id));
  // A survey edited mid-way keeps the answers that still fit a question of the current version.
  const answers = Object.fromEntries(Object.entries(row?.answers ?? {}).filter(([k]) => known.has(k)));
  const lang = chooseLanguage(def, {
    link: language.link ?? row?.language ?? undefined,
    contact: typeof attributes.language === 'string' ? attributes.language : undefined,
    acceptLanguage: language.acceptLanguage,
  });
  const payload: TokenPayload = {
    k: 'f',
    s: survey.id,
    n: key,
    ...(contactId ? { c: contactId } : {}),
    ...(channel !== 'link' ? { ch: channel } : {}),
  };
  return {
    survey,
    key,
    contactId,
    ctx: { attributes },
    lang,
    answers,
    done: (row?.done ?? []).filter((id) => known.has(id)),
    completed: Boolean(row?.completedAt),
    formToken: await signToken(sql, survey.orgId, payload),
    personalToken,
    seed: sha256(key).slice(0, 16),
    channel,
  };
}

/**
 * Open a visit from a page request: a personal token (`?t=`) names the session, else the session cookie
 * does (a new one is made when there is none; the caller sets it).
 */
export async function openVisit(
  sql: Sql,
  input: {
    surveyId: string;
    personalToken?: string | undefined;
    cookie?: string | undefined;
    lang?: string | undefined;
    acceptLanguage?: string | undefined;
  },
): Promise<{ visit: Visit; newCookie: string | undefined }> {
  const language = { link: input.lang, acceptLanguage: input.acceptLanguage };
  if (input.personalToken) {
    const peeked = peekToken(input.personalToken);
    const { survey, row } = await fetchSurveyAndSession(sql, input.surveyId, `p:${peeked?.n ?? ''}`);
    const p = await verifyToken(sql, survey.orgId, survey.id, input.personalToken, 'p');
    if (!p) throw new ForbiddenError('This survey link is not valid or has expired');
    return {
      visit: await loadVisit(sql, survey, row, `p:${p.n}`, p.c, input.personalToken, language, p.ch),
      newCookie: undefined,
    };
  }
  const cookie = input.cookie && COOKIE.test(input.cookie) ? input.cookie : undefined;
  const newCookie = cookie ? undefined : newSessionCookie();
  const key = `c:${sha256(cookie ?? newCookie!)}`;
  const { survey, row } = await fetchSurveyAndSession(sql, input.surveyId, key);
  return { visit: await loadVisit(sql, survey, row, key, undefined, undefined, language), newCookie };
}

/**
 * Resume a visit from a posted page: the signed form token names the session; an anonymous session
 * must also present its cookie, so a copied form token alone cannot write into someone else's answers.
 */
export async function resumeVisit(
  sql: Sql,
  input: {
    surveyId: string;
    formToken: string | undefined;
    cookie?: string | undefined;
    personalToken?: string | undefined;
    lang?: string | undefined;
  },
): Promise<Visit> {
  const peeked = peekToken(input.formToken);
  const { survey, row } = await fetchSurveyAndSession(sql, input.surveyId, peeked?.n ?? '');
  const p = input.formToken
    ? await verifyToken(sql, survey.orgId, survey.id, input.formToken, 'f')
    : undefined;
  if (!p) throw new ForbiddenError('The form has expired or was not issued by this survey; reload the page');
  if (p.n.startsWith('c:') && (!input.cookie || `c:${sha256(input.cookie)}` !== p.n)) {
    throw new ForbiddenError('Your survey session has ended (cookies may be blocked); reload the page');
  }
  return loadVisit(sql, survey, row, p.n, p.c, input.personalToken, { link: input.lang }, p.ch);
}
