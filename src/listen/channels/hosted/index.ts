// The hosted survey page's module: public survey lookup, respondent sessions with partial answers,
// personal and form tokens, step-by-step answering and completion through the one intake path.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../../platform/db/index.js';
import {
  ConflictError,
  ForbiddenError,
  type InvalidParam,
  NotFoundError,
  ValidationError,
} from '../../../platform/errors/index.js';
import { LIMITS } from '../../../shared/limits.js';
import { submitResponse } from '../../responses/index.js';
import {
  type Answers,
  chooseLanguage,
  type Question,
  type RespondentContext,
  type SurveyDefinition,
  surveyPath,
} from '../../surveys/index.js';
import { checkStep } from './render.js';
import { nonce, peekToken, signToken, type TokenPayload, verifyToken } from './tokens.js';

export {
  checkStep,
  esc,
  readAnswer,
  renderEnding,
  renderNotice,
  renderQuestion,
  renderStep,
  type StepView,
  word,
} from './render.js';
export { SURVEY_CSS } from './style.js';
export { nonce, signToken, type TokenPayload, verifyToken } from './tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A survey as the public sees it: found by id alone, with its organisation. */
export interface PublicSurvey {
  orgId: string;
  id: string;
  status: string;
  version: number;
  definition: SurveyDefinition;
}

/** Find a survey by id for a public page (any organisation); undefined when there is none. */
export async function findPublicSurvey(sql: Sql, surveyId: string): Promise<PublicSurvey | undefined> {
  if (!UUID.test(surveyId)) return undefined;
  const [s] = await sql<PublicSurvey[]>`
    select s.org_id as "orgId", s.id, s.status, s.current_version as version, v.definition
    from surveys s join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    where s.id = ${surveyId}`;
  return s;
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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new session cookie value (256 bits). */
export function newSessionCookie(): string {
  return randomBytes(32).toString('base64url');
}

const COOKIE = /^[A-Za-z0-9_-]{43}$/;

interface SessionRow {
  answers: Answers;
  done: string[];
  completedAt: Date | null;
  language: string | null;
}

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
  const [r] = await sql<(PublicSurvey & { hasSession: boolean } & SessionRow)[]>`
    select s.org_id as "orgId", s.id, s.status, s.current_version as version, v.definition,
      rs.id is not null as "hasSession", rs.answers, rs.done, rs.completed_at as "completedAt", rs.language
    from surveys s
    join survey_versions v on v.org_id = s.org_id and v.survey_id = s.id and v.version = s.current_version
    left join respondent_sessions rs on rs.org_id = s.org_id and rs.survey_id = s.id and rs.session_key = ${key}
    where s.id = ${surveyId}`;
  if (!r) throw new NotFoundError('There is no such survey');
  const { orgId, id, status, version, definition } = r;
  return {
    survey: { orgId, id, status, version, definition },
    row: r.hasSession
      ? { answers: r.answers, done: r.done, completedAt: r.completedAt, language: r.language }
      : undefined,
  };
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
  let attributes: Record<string, unknown> = {};
  if (contactId) {
    const [c] = await sql<{ attributes: Record<string, unknown> }[]>`
      select attributes from contacts where org_id = ${survey.orgId} and id = ${contactId}`;
    attributes = c?.attributes ?? {};
  }
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

/** The question the respondent is on (the first on their path not yet passed), or undefined when done. */
export function currentQuestion(
  visit: Visit,
): { question: Question; position: number; total: number } | undefined {
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const i = path.findIndex((q) => !visit.done.includes(q.id));
  if (i < 0) return undefined;
  return { question: path[i]!, position: i + 1, total: path.length };
}

/** Position of a question on the respondent's current path. */
export function pathPosition(
  visit: Visit,
  questionId: string,
): { position: number; total: number } | undefined {
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const i = path.findIndex((q) => q.id === questionId);
  return i < 0 ? undefined : { position: i + 1, total: path.length };
}

async function save(sql: Sql, visit: Visit): Promise<void> {
  const size = Buffer.byteLength(JSON.stringify(visit.answers));
  if (size > LIMITS.publicBodyBytes) {
    throw new ValidationError('The answers are too large', [
      { name: 'answers', reason: `at most ${LIMITS.publicBodyBytes} bytes` },
    ]);
  }
  const s = visit.survey;
  await sql`
    insert into respondent_sessions (org_id, survey_id, session_key, contact_id, language, answers, done)
    values (${s.orgId}, ${s.id}, ${visit.key}, ${visit.contactId ?? null}, ${visit.lang},
      ${sql.json(visit.answers as never)}, ${visit.done})
    on conflict (org_id, survey_id, session_key) do update set
      answers = excluded.answers, done = excluded.done, language = excluded.language, updated_at = now()
    where respondent_sessions.completed_at is null`;
}

/** Outcome of answering a step. */
export type StepOutcome =
  | { kind: 'invalid'; question: Question; value: unknown; problems: { name?: string; reason: string }[] }
  | { kind: 'saved' }
  | { kind: 'completed' }
  | { kind: 'already' };

/**
 * Answer one question (the no-JavaScript path): check it, save it with the others, and complete the
 * response after the last question. `back` un-passes the previous question instead.
 */
export async function answerStep(
  sql: Sql,
  visit: Visit,
  questionId: string,
  value: unknown,
  nav: 'next' | 'back',
): Promise<StepOutcome> {
  if (visit.completed) return { kind: 'already' };
  const path = surveyPath(visit.survey.definition, visit.answers, visit.ctx).questions;
  const at = path.findIndex((q) => q.id === questionId);
  const question = path[at];
  if (!question) throw new ConflictError('That question is no longer on your path; reload the page');
  if (nav === 'back') {
    const prev = path[at - 1];
    visit.done = visit.done.filter((id) => id !== prev?.id && id !== questionId);
    await save(sql, visit);
    return { kind: 'saved' };
  }
  const problems = checkStep(question, value);
  if (problems.length > 0) return { kind: 'invalid', question, value, problems };
  if (value === undefined) delete visit.answers[questionId];
  else visit.answers[questionId] = value;
  if (!visit.done.includes(questionId)) visit.done.push(questionId);
  await save(sql, visit);
  if (currentQuestion(visit)) return { kind: 'saved' };
  try {
    return await complete(sql, visit);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    // The whole response broke a rule (a survey edited mid-way, say): reopen the first question named.
    const first = err.invalidParams.map((p) => /^answers\.([^.]+)(?:\.(.+))?$/.exec(p.name)).find(Boolean);
    const q = visit.survey.definition.questions.find((x) => x.id === first?.[1]);
    if (!q) throw err;
    visit.done = visit.done.filter((id) => id !== q.id);
    await save(sql, visit);
    const problems = err.invalidParams
      .filter((p) => p.name === `answers.${q.id}` || p.name.startsWith(`answers.${q.id}.`))
      .map((p) => {
        const sub = p.name.slice(`answers.${q.id}.`.length);
        return p.name === `answers.${q.id}` ? { reason: p.reason } : { name: sub, reason: p.reason };
      });
    return { kind: 'invalid', question: q, value: visit.answers[q.id], problems };
  }
}

/**
 * Save partial answers sent by the page's script (the question in progress included). Every given answer
 * is checked; unknown questions are refused.
 */
export async function savePartial(sql: Sql, visit: Visit, answers: Answers, done: string[]): Promise<void> {
  if (visit.completed) throw new ConflictError('This survey has already been answered');
  const byId = new Map(visit.survey.definition.questions.map((q) => [q.id, q]));
  const problems: InvalidParam[] = [];
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ name: `answers.${id}`, reason: 'is not a question of this survey' });
  }
  for (const id of done)
    if (!byId.has(id)) problems.push({ name: 'done', reason: `"${id}" is not a question` });
  if (problems.length > 0) throw new ValidationError('Some answers are invalid', problems);
  // Partial answers are kept as given (even half-filled pairs); completion checks them all.
  visit.answers = Object.fromEntries(
    Object.entries(answers).filter(([, v]) => v !== null && v !== undefined),
  );
  visit.done = [...new Set(done)];
  await save(sql, visit);
}

/**
 * Complete the visit: submit the answers on the respondent's path through the one intake path, once per
 * session or personal token (the session key is the idempotency key). Throws ValidationError naming each
 * bad answer; the saved answers stay.
 */
export async function complete(sql: Sql, visit: Visit): Promise<{ kind: 'completed' } | { kind: 'already' }> {
  const s = visit.survey;
  if (s.status !== 'live') throw new ConflictError('This survey is not open for answers');
  const onPath = new Set(surveyPath(s.definition, visit.answers, visit.ctx).questions.map((q) => q.id));
  const answers = Object.fromEntries(Object.entries(visit.answers).filter(([k]) => onPath.has(k)));
  const { response, duplicate } = await submitResponse(sql, s.orgId, s.id, {
    answers,
    contact: visit.contactId ? { id: visit.contactId } : undefined,
    channel: visit.channel,
    language: visit.lang,
    metadata: {},
    idempotencyKey: `hosted:${visit.key}`,
  });
  await sql`
    update respondent_sessions set completed_at = coalesce(completed_at, now()), response_id = ${response.id}, updated_at = now()
    where org_id = ${s.orgId} and survey_id = ${s.id} and session_key = ${visit.key}`;
  visit.completed = true;
  return duplicate ? { kind: 'already' } : { kind: 'completed' };
}

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

/**
 * Record a first answer for a personal token before the page opens (an answer clicked in an email):
 * the page then resumes at the next question. Returns false when the token is invalid or already used.
 */
export async function prefillPersonalAnswer(
  sql: Sql,
  input: { surveyId: string; personalToken: string; questionId: string; value: unknown },
): Promise<boolean> {
  const { visit } = await openVisit(sql, { surveyId: input.surveyId, personalToken: input.personalToken });
  if (visit.completed) return false;
  const q = visit.survey.definition.questions.find((x) => x.id === input.questionId);
  if (!q || checkStep(q, input.value).length > 0) return false;
  visit.answers[q.id] = input.value;
  if (!visit.done.includes(q.id)) visit.done.push(q.id);
  await save(sql, visit);
  return true;
}

/** Contact attributes the definition reads (in conditions or piping): the only ones a page may see. */
export function referencedAttributes(
  def: SurveyDefinition,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  const json = JSON.stringify(def);
  const names = new Set<string>();
  for (const m of json.matchAll(/"attribute":"([^"]+)"|\{\{\s*attribute\.([a-zA-Z][a-zA-Z0-9_-]*)/g))
    names.add((m[1] ?? m[2])!);
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => names.has(k)));
}

export { type PageData, renderVisitPage, type ShownStep } from './page.js';
